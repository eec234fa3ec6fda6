/*
 * cmd_license.c - `weightaudit license`: not built yet; says so and exits 2.
 */
#include "cli.h"

int cmd_license(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_not_built("license");
}
