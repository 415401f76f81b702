// A stand-in for hashicorp/aws, for writing plan fixtures with the real terraform: the schema of
// five resource types as the provider (6.x, SDKv2) declares them, the provider's plan-time
// behaviours that show in a plan (tags_all, region), and no API: create invents the computed values.
package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/go-cty/cty"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/structure"
	"github.com/hashicorp/terraform-plugin-sdk/v2/plugin"
)

const account = "123456789012"

type meta struct{ region string }

func main() {
	plugin.Serve(&plugin.ServeOpts{ProviderFunc: provider})
}

func provider() *schema.Provider {
	return &schema.Provider{
		Schema: map[string]*schema.Schema{
			"region": {Type: schema.TypeString, Optional: true},
		},
		ConfigureContextFunc: func(_ context.Context, d *schema.ResourceData) (any, diag.Diagnostics) {
			return &meta{region: d.Get("region").(string)}, nil
		},
		ResourcesMap: map[string]*schema.Resource{
			"aws_ecs_service":                      service(),
			"aws_ecs_task_definition":              taskDefinition(),
			"aws_ecs_cluster":                      cluster(),
			"aws_service_discovery_http_namespace": httpNamespace(),
			"aws_cloudwatch_log_group":             logGroup(),
		},
	}
}

// ---- schema helpers

func str() *schema.Schema    { return &schema.Schema{Type: schema.TypeString, Optional: true} }
func strReq() *schema.Schema { return &schema.Schema{Type: schema.TypeString, Required: true} }
func strOC() *schema.Schema {
	return &schema.Schema{Type: schema.TypeString, Optional: true, Computed: true}
}
func strC() *schema.Schema { return &schema.Schema{Type: schema.TypeString, Computed: true} }
func integer() *schema.Schema {
	return &schema.Schema{Type: schema.TypeInt, Optional: true}
}
func intReq() *schema.Schema { return &schema.Schema{Type: schema.TypeInt, Required: true} }
func boolean() *schema.Schema {
	return &schema.Schema{Type: schema.TypeBool, Optional: true}
}
func boolReq() *schema.Schema { return &schema.Schema{Type: schema.TypeBool, Required: true} }
func boolDefault(v bool) *schema.Schema {
	return &schema.Schema{Type: schema.TypeBool, Optional: true, Default: v}
}
func strMap() *schema.Schema {
	return &schema.Schema{Type: schema.TypeMap, Optional: true, Elem: &schema.Schema{Type: schema.TypeString}}
}
func strSet(required bool) *schema.Schema {
	return &schema.Schema{Type: schema.TypeSet, Optional: !required, Required: required, Elem: &schema.Schema{Type: schema.TypeString}}
}
func block(max int, attrs map[string]*schema.Schema) *schema.Schema {
	return &schema.Schema{Type: schema.TypeList, Optional: true, MaxItems: max, Elem: &schema.Resource{Schema: attrs}}
}
func setBlock(max int, attrs map[string]*schema.Schema) *schema.Schema {
	return &schema.Schema{Type: schema.TypeSet, Optional: true, MaxItems: max, Elem: &schema.Resource{Schema: attrs}}
}
func forceNew(s *schema.Schema) *schema.Schema { s.ForceNew = true; return s }
func required(s *schema.Schema) *schema.Schema { s.Optional = false; s.Required = true; return s }
func computed(s *schema.Schema) *schema.Schema { s.Computed = true; return s }

// tags, tags_all and region, as the provider adds them to every tagged regional resource
func common(attrs map[string]*schema.Schema) map[string]*schema.Schema {
	attrs["tags"] = strMap()
	attrs["tags_all"] = computed(strMap())
	attrs["region"] = strOC()
	return attrs
}

// verify.SetTagsDiff (no default_tags here) and the region of the provider when none is written
func planTime(_ context.Context, d *schema.ResourceDiff, m any) error {
	if raw := d.GetRawConfig(); !raw.IsNull() && raw.GetAttr("region").IsNull() {
		if err := d.SetNew("region", m.(*meta).region); err != nil {
			return err
		}
	}
	if !d.GetRawPlan().GetAttr("tags").IsWhollyKnown() {
		return d.SetNewComputed("tags_all")
	}
	tags := d.Get("tags").(map[string]any)
	if len(tags) > 0 {
		return d.SetNew("tags_all", tags)
	}
	if d.HasChange("tags") {
		return d.SetNewComputed("tags_all")
	}
	return nil
}

func arn(m any, service, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, m.(*meta).region, account, resource)
}

func noop(_ context.Context, _ *schema.ResourceData, _ any) diag.Diagnostics { return nil }

// ---- aws_ecs_service

func service() *schema.Resource {
	return &schema.Resource{
		SchemaVersion: 1,
		Timeouts: &schema.ResourceTimeout{
			Create: schema.DefaultTimeout(20), Update: schema.DefaultTimeout(20), Delete: schema.DefaultTimeout(20),
		},
		Schema: common(map[string]*schema.Schema{
			"alarms": block(1, map[string]*schema.Schema{
				"alarm_names": strSet(true), "enable": boolReq(), "rollback": boolReq(),
			}),
			"arn":                           strC(),
			"availability_zone_rebalancing": strOC(),
			"capacity_provider_strategy": setBlock(0, map[string]*schema.Schema{
				"base": integer(), "capacity_provider": strReq(), "weight": integer(),
			}),
			"cluster": forceNew(strOC()),
			"deployment_circuit_breaker": block(1, map[string]*schema.Schema{
				"enable": boolReq(), "rollback": boolReq(),
			}),
			"deployment_configuration": computed(block(1, map[string]*schema.Schema{
				"bake_time_in_minutes": strOC(),
				"canary_configuration": computed(block(1, map[string]*schema.Schema{
					"canary_bake_time_in_minutes": strOC(),
					"canary_percent":              {Type: schema.TypeFloat, Optional: true, Computed: true},
				})),
				"linear_configuration": computed(block(1, map[string]*schema.Schema{
					"step_bake_time_in_minutes": strOC(),
					"step_percent":              {Type: schema.TypeFloat, Optional: true, Computed: true},
				})),
				"lifecycle_hook": setBlock(0, map[string]*schema.Schema{
					"hook_target_arn":  strReq(),
					"lifecycle_stages": {Type: schema.TypeList, Required: true, Elem: &schema.Schema{Type: schema.TypeString}},
					"role_arn":         strReq(),
					"hook_details":     str(),
				}),
				"strategy": strOC(),
			})),
			"deployment_controller": block(1, map[string]*schema.Schema{
				"type": {Type: schema.TypeString, Optional: true, Default: "ECS"},
			}),
			"deployment_maximum_percent":         {Type: schema.TypeInt, Optional: true, Default: 200},
			"deployment_minimum_healthy_percent": {Type: schema.TypeInt, Optional: true, Default: 100},
			"desired_count":                      integer(),
			"enable_ecs_managed_tags":            boolDefault(false),
			"enable_execute_command":             boolDefault(false),
			"force_delete":                       boolean(),
			"force_new_deployment":               boolean(),
			"health_check_grace_period_seconds":  integer(),
			"iam_role":                           forceNew(strOC()),
			"launch_type":                        forceNew(strOC()),
			"load_balancer": setBlock(0, map[string]*schema.Schema{
				"container_name": strReq(), "container_port": intReq(), "elb_name": str(), "target_group_arn": str(),
				"advanced_configuration": block(1, map[string]*schema.Schema{
					"alternate_target_group_arn": strReq(), "production_listener_rule": strReq(),
					"test_listener_rule": str(), "role_arn": strReq(),
				}),
			}),
			"name": forceNew(strReq()),
			"network_configuration": block(1, map[string]*schema.Schema{
				"assign_public_ip": boolDefault(false), "security_groups": strSet(false), "subnets": strSet(true),
			}),
			"ordered_placement_strategy": block(5, map[string]*schema.Schema{"field": str(), "type": strReq()}),
			"placement_constraints":      setBlock(10, map[string]*schema.Schema{"expression": str(), "type": strReq()}),
			"platform_version":           strOC(),
			"propagate_tags":             str(),
			"scheduling_strategy":        forceNew(&schema.Schema{Type: schema.TypeString, Optional: true, Default: "REPLICA"}),
			"service_connect_configuration": block(1, map[string]*schema.Schema{
				"access_log_configuration": block(1, map[string]*schema.Schema{
					"format": strReq(), "include_query_parameters": strOC(),
				}),
				"enabled": boolReq(),
				"log_configuration": block(1, map[string]*schema.Schema{
					"log_driver":    strReq(),
					"options":       computed(strMap()),
					"secret_option": block(0, map[string]*schema.Schema{"name": strReq(), "value_from": strReq()}),
				}),
				"namespace": strOC(),
				"service": block(0, map[string]*schema.Schema{
					"client_alias": block(1, map[string]*schema.Schema{
						"dns_name": strOC(),
						"port":     intReq(),
						"test_traffic_rules": block(0, map[string]*schema.Schema{
							"header": block(1, map[string]*schema.Schema{
								"name":  strReq(),
								"value": required(block(1, map[string]*schema.Schema{"exact": strReq()})),
							}),
						}),
					}),
					"discovery_name":        strOC(),
					"ingress_port_override": integer(),
					"port_name":             strReq(),
					"timeout": block(1, map[string]*schema.Schema{
						"idle_timeout_seconds": integer(), "per_request_timeout_seconds": integer(),
					}),
					"tls": block(1, map[string]*schema.Schema{
						"issuer_cert_authority": required(block(1, map[string]*schema.Schema{"aws_pca_authority_arn": strReq()})),
						"kms_key":               str(),
						"role_arn":              str(),
					}),
				}),
			}),
			"service_registries": block(1, map[string]*schema.Schema{
				"container_name": str(), "container_port": integer(), "port": integer(), "registry_arn": strReq(),
			}),
			"sigint_rollback":       boolean(),
			"task_definition":       str(),
			"triggers":              computed(strMap()),
			"wait_for_steady_state": boolDefault(false),
			"volume_configuration": block(1, map[string]*schema.Schema{
				"name": strReq(),
				"managed_ebs_volume": required(block(1, map[string]*schema.Schema{
					"encrypted": boolDefault(true), "file_system_type": {Type: schema.TypeString, Optional: true, Default: "xfs"},
					"iops": integer(), "kms_key_id": str(), "role_arn": strReq(), "size_in_gb": integer(),
					"snapshot_id": str(), "throughput": integer(), "volume_initialization_rate": integer(), "volume_type": str(),
					"tag_specifications": block(0, map[string]*schema.Schema{
						"propagate_tags": str(), "resource_type": strReq(), "tags": strMap(),
					}),
				})),
			}),
			"vpc_lattice_configurations": setBlock(0, map[string]*schema.Schema{
				"role_arn": strReq(), "target_group_arn": strReq(), "port_name": strReq(),
			}),
		}),
		CustomizeDiff: planTime,
		CreateContext: func(_ context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
			cluster := d.Get("cluster").(string)
			if cluster == "" {
				cluster = arn(m, "ecs", "cluster/default")
				d.Set("cluster", cluster)
			}
			name := d.Get("name").(string)
			id := arn(m, "ecs", "service/"+cluster[strings.LastIndex(cluster, "/")+1:]+"/"+name)
			d.SetId(id)
			d.Set("arn", id)
			d.Set("availability_zone_rebalancing", "ENABLED")
			d.Set("deployment_configuration", []any{map[string]any{
				"bake_time_in_minutes": "0", "strategy": "ROLLING", "canary_configuration": []any{}, "linear_configuration": []any{},
			}})
			d.Set("iam_role", "arn:aws:iam::"+account+":role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS")
			if d.Get("launch_type").(string) == "" {
				d.Set("launch_type", "")
			}
			if d.Get("launch_type").(string) == "FARGATE" {
				d.Set("platform_version", "LATEST")
			} else {
				d.Set("platform_version", "")
			}
			d.Set("triggers", map[string]any{})
			return nil
		},
		ReadContext:   noop,
		UpdateContext: noop,
		DeleteContext: noop,
	}
}

// ---- aws_ecs_task_definition

func taskDefinition() *schema.Resource {
	return &schema.Resource{
		SchemaVersion: 1,
		Schema: common(map[string]*schema.Schema{
			"arn":                  strC(),
			"arn_without_revision": strC(),
			"container_definitions": {
				Type: schema.TypeString, Required: true, ForceNew: true,
				StateFunc: func(v any) string {
					json, err := structure.NormalizeJsonString(v)
					if err != nil {
						return "[]"
					}
					return json
				},
			},
			"cpu":                    forceNew(str()),
			"enable_fault_injection": forceNew(&schema.Schema{Type: schema.TypeBool, Optional: true, Computed: true}),
			"ephemeral_storage":      forceNew(block(1, map[string]*schema.Schema{"size_in_gib": forceNew(intReq())})),
			"execution_role_arn":     forceNew(str()),
			"family":                 forceNew(strReq()),
			"ipc_mode":               forceNew(str()),
			"memory":                 forceNew(str()),
			"network_mode":           forceNew(strOC()),
			"pid_mode":               forceNew(str()),
			"placement_constraints": forceNew(setBlock(10, map[string]*schema.Schema{
				"expression": forceNew(str()), "type": forceNew(strReq()),
			})),
			"proxy_configuration": forceNew(block(1, map[string]*schema.Schema{
				"container_name": forceNew(strReq()),
				"properties":     forceNew(strMap()),
				"type":           forceNew(&schema.Schema{Type: schema.TypeString, Optional: true, Default: "APPMESH"}),
			})),
			"requires_compatibilities": forceNew(strSet(false)),
			"revision":                 {Type: schema.TypeInt, Computed: true},
			"runtime_platform": forceNew(block(1, map[string]*schema.Schema{
				"cpu_architecture": forceNew(str()), "operating_system_family": forceNew(str()),
			})),
			"skip_destroy":  boolDefault(false),
			"task_role_arn": forceNew(str()),
			"track_latest":  boolDefault(false),
			"volume": forceNew(setBlock(0, map[string]*schema.Schema{
				"configure_at_launch": forceNew(&schema.Schema{Type: schema.TypeBool, Optional: true, Computed: true}),
				"host_path":           forceNew(str()),
				"name":                forceNew(strReq()),
				"docker_volume_configuration": forceNew(block(1, map[string]*schema.Schema{
					"autoprovision": forceNew(boolDefault(false)), "driver": forceNew(strOC()),
					"driver_opts": forceNew(strMap()), "labels": forceNew(strMap()), "scope": forceNew(strOC()),
				})),
				"efs_volume_configuration": forceNew(block(1, map[string]*schema.Schema{
					"authorization_config": forceNew(block(1, map[string]*schema.Schema{
						"access_point_id": forceNew(str()), "iam": forceNew(str()),
					})),
					"file_system_id":          forceNew(strReq()),
					"root_directory":          forceNew(&schema.Schema{Type: schema.TypeString, Optional: true, Default: "/"}),
					"transit_encryption":      forceNew(str()),
					"transit_encryption_port": forceNew(&schema.Schema{Type: schema.TypeInt, Optional: true, Default: 0}),
				})),
				"fsx_windows_file_server_volume_configuration": forceNew(block(1, map[string]*schema.Schema{
					"authorization_config": forceNew(required(block(1, map[string]*schema.Schema{
						"credentials_parameter": forceNew(strReq()), "domain": forceNew(strReq()),
					}))),
					"file_system_id": forceNew(strReq()),
					"root_directory": forceNew(strReq()),
				})),
			})),
		}),
		CustomizeDiff: planTime,
		CreateContext: func(_ context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
			family := d.Get("family").(string)
			d.SetId(family)
			d.Set("arn", arn(m, "ecs", "task-definition/"+family+":7"))
			d.Set("arn_without_revision", arn(m, "ecs", "task-definition/"+family))
			d.Set("revision", 7)
			d.Set("enable_fault_injection", false)
			if d.Get("network_mode").(string) == "" {
				d.Set("network_mode", "bridge")
			}
			return nil
		},
		ReadContext:   noop,
		UpdateContext: noop,
		DeleteContext: noop,
	}
}

// ---- aws_ecs_cluster

func cluster() *schema.Resource {
	return &schema.Resource{
		Schema: common(map[string]*schema.Schema{
			"arn": strC(),
			"configuration": block(1, map[string]*schema.Schema{
				"execute_command_configuration": block(1, map[string]*schema.Schema{
					"kms_key_id": str(),
					"log_configuration": block(1, map[string]*schema.Schema{
						"cloud_watch_encryption_enabled": boolean(), "cloud_watch_log_group_name": str(),
						"s3_bucket_encryption_enabled": boolean(), "s3_bucket_name": str(), "s3_key_prefix": str(),
					}),
					"logging": {Type: schema.TypeString, Optional: true, Default: "DEFAULT"},
				}),
				"managed_storage_configuration": block(1, map[string]*schema.Schema{
					"fargate_ephemeral_storage_kms_key_id": str(), "kms_key_id": str(),
				}),
			}),
			"name":                     forceNew(strReq()),
			"service_connect_defaults": block(1, map[string]*schema.Schema{"namespace": strReq()}),
			"setting":                  computed(setBlock(0, map[string]*schema.Schema{"name": strReq(), "value": strReq()})),
		}),
		CustomizeDiff: planTime,
		CreateContext: func(_ context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
			id := arn(m, "ecs", "cluster/"+d.Get("name").(string))
			d.SetId(id)
			d.Set("arn", id)
			return nil
		},
		ReadContext:   noop,
		UpdateContext: noop,
		DeleteContext: noop,
	}
}

// ---- aws_service_discovery_http_namespace

func httpNamespace() *schema.Resource {
	return &schema.Resource{
		Schema: common(map[string]*schema.Schema{
			"arn":         strC(),
			"description": forceNew(str()),
			"http_name":   strC(),
			"name":        forceNew(strReq()),
		}),
		CustomizeDiff: planTime,
		CreateContext: func(_ context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
			d.SetId("ns-0a1b2c3d4e5f6a7b8")
			d.Set("arn", arn(m, "servicediscovery", "namespace/ns-0a1b2c3d4e5f6a7b8"))
			d.Set("http_name", d.Get("name"))
			return nil
		},
		ReadContext:   noop,
		UpdateContext: noop,
		DeleteContext: noop,
	}
}

// ---- aws_cloudwatch_log_group

func logGroup() *schema.Resource {
	return &schema.Resource{
		Schema: common(map[string]*schema.Schema{
			"arn":                         strC(),
			"deletion_protection_enabled": {Type: schema.TypeBool, Optional: true, Computed: true},
			"kms_key_id":                  str(),
			"log_group_class":             forceNew(strOC()),
			"name":                        forceNew(strOC()),
			"name_prefix":                 forceNew(strOC()),
			"retention_in_days":           {Type: schema.TypeInt, Optional: true, Default: 0},
			"skip_destroy":                boolDefault(false),
		}),
		CustomizeDiff: planTime,
		CreateContext: func(_ context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
			d.SetId(d.Get("name").(string))
			d.Set("arn", arn(m, "logs", "log-group:"+d.Get("name").(string)))
			return nil
		},
		ReadContext:   noop,
		UpdateContext: noop,
		DeleteContext: noop,
	}
}

var _ = cty.NilVal
