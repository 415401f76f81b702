variable "family" {
  type = string
}

variable "image" {
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
      image     = var.image
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

  tags = {
    team = var.family
  }
}

output "arn" {
  value = aws_ecs_task_definition.this.arn
}
