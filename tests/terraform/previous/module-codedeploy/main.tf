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

resource "aws_ecs_service" "legacy" {
  name            = "legacy"
  cluster         = "arn:aws:ecs:us-east-1:123456789012:cluster/prod"
  task_definition = "arn:aws:ecs:us-east-1:123456789012:task-definition/catalog-http:7"
  desired_count   = 2
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
      discovery_name = "legacy"

      client_alias {
        port     = 8080
        dns_name = "legacy"
      }
    }
  }

  tags = {
    team = "orders"
  }
}
