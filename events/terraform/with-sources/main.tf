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

resource "aws_ecs_cluster" "main" {
  name = "shop"

  setting {
    name  = "containerInsights"
    value = "enhanced"
  }
}

resource "aws_service_discovery_http_namespace" "shop" {
  name = "shop"
}

module "orders_task" {
  source = "./modules/task-definition"

  family = "orders"
  image  = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:3.1.0"
}

resource "aws_ecs_service" "orders" {
  name            = "orders"
  cluster         = aws_ecs_cluster.main.id
  task_definition = module.orders_task.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  # Blue/green through CodeDeploy, as the other services of this account
  deployment_controller {
    type = "CODE_DEPLOY"
  }

  network_configuration {
    subnets         = ["subnet-0a1b2c3d"]
    security_groups = ["sg-0a1b2c3d"]
  }

  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_http_namespace.shop.arn

    service {
      port_name      = "api"
      discovery_name = "orders"

      client_alias {
        port     = 8080
        dns_name = "orders"
      }
    }
  }

  tags = {
    team = "orders"
  }
}
