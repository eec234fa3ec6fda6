/*
 * cmd_manifest.c - `weightaudit manifest`: not built yet; says so and exits 2.
 */
#include "cli.h"

int cmd_manifest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_not_built("manifest");
}
