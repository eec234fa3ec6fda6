/*
 * cmd_merge.c - `weightaudit merge`: not built yet; says so and exits 2.
 */
#include "cli.h"

int cmd_merge(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_not_built("merge");
}
