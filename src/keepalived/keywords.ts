/**
 * Keywords of keepalived 2.x (keepalived.conf(5), vrrp_parser.c, check_parser.c, global_parser.c) that vrrp-inspect
 * reads or knowingly ignores. Anything else is kept and named in a note: newer keepalived versions add keywords, and a
 * typo (`priorty`) is worth a look, but neither stops the analysis.
 */

/** Top-level keywords. */
export const TOP_LEVEL = new Set([
  'global_defs', 'vrrp_instance', 'vrrp_sync_group', 'vrrp_script', 'vrrp_track_process', 'track_file',
  'vrrp_track_file', 'virtual_server', 'virtual_server_group', 'static_ipaddress', 'static_routes', 'static_rules',
  'linkbeat_use_polling', 'net_namespace', 'net_namespace_ipvs', 'instance', 'use_pid_dir', 'bfd_instance',
  'garp_group', 'namespace_with_ipsets', 'vrrp_garp_interval', 'vrrp_gna_interval', 'include', 'vrrp_strict',
]);

/** vrrp_instance keywords read or deliberately ignored (timers, scripts, kernel options with no wire effect here). */
export const INSTANCE = new Set([
  'state', 'interface', 'virtual_router_id', 'priority', 'advert_int', 'nopreempt', 'preempt', 'preempt_delay',
  'authentication', 'virtual_ipaddress', 'virtual_ipaddress_excluded', 'unicast_src_ip', 'unicast_peer', 'use_vmac',
  'vmac_xmit_base', 'version', 'native_ipv6', 'track_interface', 'track_script', 'track_file', 'track_process',
  'track_bfd', 'notify_master', 'notify_backup', 'notify_fault', 'notify_stop', 'notify_deleted', 'notify',
  'notify_master_rx_lower_pri', 'dont_track_primary', 'track_src_ip', 'smtp_alert', 'mcast_src_ip',
  'lvs_sync_daemon_interface', 'virtual_routes', 'virtual_rules', 'accept', 'no_accept', 'strict_mode',
  'skip_check_adv_addr', 'debug', 'garp_master_delay', 'garp_master_repeat', 'garp_lower_prio_delay',
  'garp_lower_prio_repeat', 'garp_master_refresh', 'garp_master_refresh_repeat', 'garp_extra_if', 'gna_interval',
  'lower_prio_no_advert', 'higher_prio_send_advert', 'kernel_rx_buf_size', 'linkbeat_use_polling', 'check_unicast_src',
  'unicast_fault_no_peer', 'unicast_ttl', 'old_unicast_checksum', 'use_ipvlan', 'rfc', 'vrrp_rfc',
  'down_timer_adverts', 'ipsets', 'mcast_dst', 'unicast_peer_checks', 'nftables',
]);

export const GLOBAL_DEFS = new Set([
  'router_id', 'vrrp_version', 'notification_email', 'notification_email_from', 'smtp_server', 'smtp_connect_timeout',
  'smtp_helo_name', 'smtp_alert', 'smtp_alert_vrrp', 'smtp_alert_checker', 'vrrp_mcast_group4', 'vrrp_mcast_group6',
  'vrrp_garp_master_delay', 'vrrp_garp_master_repeat', 'vrrp_garp_lower_prio_delay', 'vrrp_garp_lower_prio_repeat',
  'vrrp_garp_master_refresh', 'vrrp_garp_master_refresh_repeat', 'vrrp_garp_interval', 'vrrp_gna_interval',
  'vrrp_lower_prio_no_advert', 'vrrp_higher_prio_send_advert', 'vrrp_strict', 'vrrp_iptables', 'vrrp_ipsets',
  'vrrp_nftables', 'vrrp_check_unicast_src', 'vrrp_skip_check_adv_addr', 'vrrp_priority', 'checker_priority',
  'bfd_priority', 'vrrp_no_swap', 'checker_no_swap', 'script_user', 'enable_script_security', 'enable_snmp_vrrp',
  'enable_snmp_checker', 'enable_snmp_rfc', 'enable_snmp_rfcv2', 'enable_snmp_rfcv3', 'enable_traps',
  'lvs_sync_daemon', 'lvs_flush', 'lvs_timeouts', 'lvs_id', 'dynamic_interfaces', 'process_names', 'max_auto_priority',
  'vrrp_notify_fifo', 'notify_fifo', 'vrrp_startup_delay', 'vrrp_min_garp', 'vrrp_rx_bufs_policy',
  'vrrp_netlink_cmd_rcv_bufs', 'vrrp_netlink_monitor_rcv_bufs', 'default_interface', 'net_namespace', 'instance',
  'use_pid_dir', 'linkbeat_use_polling', 'vrrp_check_adv_addr', 'vrrp_dont_track_primary', 'notify_fifo_script',
  'vrrp_notify_fifo_script', 'checker_notify_fifo', 'checker_notify_fifo_script', 'script_security',
  'lvs_sync_daemon_interface', 'snmp_socket', 'vrrp_process_name', 'checker_process_name', 'bfd_process_name',
  'vrrp_cpu_affinity', 'random_seed', 'umask', 'reload_time_file', 'reload_repeat', 'vrrp_rlimit_rttime',
  'checker_rlimit_rttime', 'rs_init_notifies', 'no_checker_emails', 'vrrp_track_process_pid_filter',
  'vrrp_garp_extra_if', 'vrrp_tx_bufs_policy',
]);

export const VIRTUAL_SERVER = new Set([
  'lb_kind', 'lvs_method', 'lb_algo', 'lvs_sched', 'protocol', 'real_server', 'sorry_server', 'sorry_server_inhibit',
  'sorry_server_lvs_method', 'delay_loop', 'persistence_timeout', 'persistence_granularity', 'persistence_engine',
  'virtualhost', 'quorum', 'quorum_up', 'quorum_down', 'hysteresis', 'alpha', 'omega', 'ha_suspend', 'ops', 'retry',
  'delay_before_retry', 'warmup', 'inhibit_on_failure', 'smtp_alert', 'ip_family', 'hashed', 'flag-1', 'flag-2',
  'flag-3', 'sh-port', 'sh-fallback', 'mh-port', 'mh-fallback', 'one_packet_scheduling', 'connect_timeout',
  'tunnel_type', 'notify_up', 'notify_down',
]);
