/*
 * cmd_scan.c - `weightaudit scan`: not built yet; says so and exits 2.
 */
#include "cli.h"

int cmd_scan(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_not_built("scan");
}
