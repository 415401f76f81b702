package dev.ecsguardrail.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HclBlocksTest {

  @Test
  void resourceBlocks_withTheLineOfEachAttributeAndNestedBlock() {
    String tf =
        """
        # a comment with a { brace
        variable "name" { default = "x" }

        resource "aws_ecs_service" "api" { // the service
          name    = "api-${var.env == "prod" ? "p" : "{"}"
          cluster = aws_ecs_cluster.main.id
          tags = {
            team = "a"
          }
          /* a block comment
             service_connect_configuration { */
          deployment_controller { type = "CODE_DEPLOY" }
          service_connect_configuration {
            enabled = true
            service {
              port_name = "http"
            }
            service {
              port_name = "grpc"
            }
          }
        }

        resource "aws_ecs_task_definition" "api" {
          container_definitions = <<-EOT
            [{"name": "app", "portMappings": [{"containerPort": 80}]}
          EOT
          cpu = 256
        }
        """;

    List<HclBlocks.Resource> resources = HclBlocks.resources(tf);

    assertEquals(2, resources.size());
    HclBlocks.Resource service = resources.getFirst();
    assertEquals(
        List.of("aws_ecs_service", "api", 4),
        List.of(service.type(), service.name(), service.line()));
    assertEquals(
        Map.ofEntries(
            Map.entry("name", 5),
            Map.entry("cluster", 6),
            Map.entry("tags", 7),
            Map.entry("deployment_controller[0]", 12),
            Map.entry("deployment_controller[0].type", 12),
            Map.entry("service_connect_configuration[0]", 13),
            Map.entry("service_connect_configuration[0].enabled", 14),
            Map.entry("service_connect_configuration[0].service[0]", 15),
            Map.entry("service_connect_configuration[0].service[0].port_name", 16),
            Map.entry("service_connect_configuration[0].service[1]", 18),
            Map.entry("service_connect_configuration[0].service[1].port_name", 19)),
        service.lines());
    HclBlocks.Resource task = resources.get(1);
    assertEquals(24, task.line());
    assertEquals(Map.of("container_definitions", 25, "cpu", 28), task.lines());
  }

  @Test
  void aDynamicBlock_isItsBlock_andJsonencodeSpansLines() {
    String tf =
        """
        resource "aws_ecs_service" "api" {
          service_connect_configuration {
            dynamic "service" {
              for_each = var.ports
              content {
                port_name = service.value
              }
            }
          }
          task_definition = jsonencode({
            a = "}"
          })
          desired_count = 2
        }
        """;

    Map<String, Integer> lines = HclBlocks.resources(tf).getFirst().lines();

    assertEquals(3, lines.get("service_connect_configuration[0].service[0]"));
    assertEquals(6, lines.get("service_connect_configuration[0].service[0].port_name"));
    assertEquals(10, lines.get("task_definition"));
    assertEquals(13, lines.get("desired_count"));
  }

  @Test
  void anUnbalancedFile_givesWhatItFoundBefore() {
    String tf =
        """
        resource "aws_ecs_service" "api" {
          name = "api"
        }
        }
        resource "aws_ecs_service" "broken" {
          name = "unterminated
        """;

    List<HclBlocks.Resource> resources = HclBlocks.resources(tf);

    assertEquals(
        List.of("api", "broken"), resources.stream().map(HclBlocks.Resource::name).toList());
    assertEquals(Map.of("name", 2), resources.getFirst().lines());
  }
}
