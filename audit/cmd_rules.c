/*
 * cmd_rules.c - `weightaudit rules`: not built yet; says so and exits 2.
 */
#include "cli.h"

int cmd_rules(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_not_built("rules");
}
