"""Prints template.yaml as CloudFormation sees it after the AWS::Serverless transform (JSON).

TemplateIT reads the IAM roles SAM generates from this: the policies written in the template,
SAM's policy templates expanded, and what SAM adds on its own (AWSLambdaBasicExecutionRole, the
policies of event sources and destinations). Offline: no credentials, no AWS call. The conditions
stay unresolved (Fn::If), as CloudFormation receives them.

usage: sam-translate.py TEMPLATE
"""

import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The template names managed policies by ARN (or !Ref), so SAM needs no IAM lookup."""

    def load(self):
        return {}


def main(path):
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    # A local CodeUri is replaced by an S3 URI when `sam deploy` packages the template; the
    # translator accepts only the S3 form, which does not change any role.
    template["Globals"]["Function"]["CodeUri"] = "s3://packaged/functions.jar"
    json.dump(transform(template, {}, NoManagedPolicies()), sys.stdout, indent=1, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
