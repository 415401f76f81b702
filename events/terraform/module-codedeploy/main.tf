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

module "payments" {
  source = "./modules/service"
}

# Registered before, unchanged in this plan
resource "aws_ecs_task_definition" "unchanged" {
  family                   = "unchanged"
  cpu                      = "1024"
  memory                   = "2048"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([
    {
      name      = "catalog"
      image     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/catalog:5.2.1"
      cpu       = 512
      memory    = 1024
      essential = true
      portMappings = [
        {
          name          = "http"
          containerPort = 8080
          protocol      = "tcp"
          appProtocol   = "http"
        }
      ]
    }
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  tags = {
    team = "orders"
  }
}
