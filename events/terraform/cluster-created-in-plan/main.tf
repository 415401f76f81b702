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

# Container Insights "enabled", not "enhanced": the proxy's memory of a gRPC service cannot be watched
resource "aws_ecs_cluster" "pricing" {
  name = "pricing"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = {
    team = "pricing"
  }
}

resource "aws_ecs_task_definition" "quotes" {
  family                   = "quotes"
  cpu                      = "1024"
  memory                   = "2048"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([
    {
      name      = "app"
      image     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:2.0.1"
      cpu       = 512
      memory    = 1024
      essential = true
      portMappings = [
        {
          name          = "grpc"
          containerPort = 50051
          protocol      = "tcp"
          appProtocol   = "grpc"
        }
      ]
    }
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  tags = {
    team = "quotes"
  }
}

resource "aws_ecs_service" "quotes" {
  name            = "quotes"
  cluster         = aws_ecs_cluster.pricing.id
  task_definition = aws_ecs_task_definition.quotes.arn
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
      port_name      = "grpc"
      discovery_name = "quotes"

      client_alias {
        port     = 8080
        dns_name = "quotes"
      }
    }
  }

  tags = {
    team = "quotes"
  }
}
