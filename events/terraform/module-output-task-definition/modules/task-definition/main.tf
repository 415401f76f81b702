variable "family" {
  type = string
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.family
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
          name          = "api"
          containerPort = 8080
          protocol      = "tcp"
        }
      ]
    }
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  tags = {
    team = var.family
  }
}

output "arn" {
  value = aws_ecs_task_definition.this.arn
}
