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

# A generated name: known only after apply, and so are the container definitions that use it
resource "aws_cloudwatch_log_group" "search" {
  name_prefix       = "/ecs/search-"
  retention_in_days = 30
}

resource "aws_ecs_task_definition" "search" {
  family                   = "search"
  cpu                      = "1024"
  memory                   = "2048"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([
    {
      name      = "search"
      image     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/search:4.0.0"
      cpu       = 512
      memory    = 1024
      essential = true
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.search.name
          awslogs-region        = "us-east-1"
          awslogs-stream-prefix = "search"
        }
      }
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

resource "aws_ecs_service" "search" {
  name            = "search"
  cluster         = "arn:aws:ecs:us-east-1:123456789012:cluster/prod"
  task_definition = aws_ecs_task_definition.search.arn
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
      discovery_name = "search"

      client_alias {
        port     = 8080
        dns_name = "search"
      }
    }
  }

  tags = {
    team = "orders"
  }
}
