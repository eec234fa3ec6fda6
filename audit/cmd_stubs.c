/*
 * cmd_stubs.c - commands of the spec that are not built yet: each says so
 * and exits 2.  A command moves to its own cmd_<name>.c when it is built.
 */
#include "cli.h"

int cmd_scan(int argc, char **argv) { (void)argc; (void)argv; return cmd_not_built("scan"); }
int cmd_license(int argc, char **argv) { (void)argc; (void)argv; return cmd_not_built("license"); }
int cmd_verify(int argc, char **argv) { (void)argc; (void)argv; return cmd_not_built("verify"); }
int cmd_manifest(int argc, char **argv) { (void)argc; (void)argv; return cmd_not_built("manifest"); }
int cmd_rules(int argc, char **argv) { (void)argc; (void)argv; return cmd_not_built("rules"); }
int cmd_merge(int argc, char **argv) { (void)argc; (void)argv; return cmd_not_built("merge"); }
