terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.21"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_ecs_service" "catalog" {
  name            = "catalog-v1"
  cluster         = "arn:aws:ecs:us-east-1:123456789012:cluster/prod"
  task_definition = "arn:aws:ecs:us-east-1:123456789012:task-definition/catalog-http:7"
  desired_count   = 3
  launch_type     = "FARGATE"

  deployment_controller {
    type = "ECS"
  }

  network_configuration {
    subnets         = ["subnet-0a1b2c3d"]
    security_groups = ["sg-0a1b2c3d"]
  }

  service_connect_configuration {
    enabled   = true
    namespace = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-prod"

    service {
      port_name      = "http"
      discovery_name = "catalog-v1"

      client_alias {
        port     = 8080
        dns_name = "catalog-v1"
      }
    }
  }

  tags = {
    team = "orders"
  }
}
