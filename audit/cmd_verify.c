/*
 * cmd_verify.c - `weightaudit verify`: not built yet; says so and exits 2.
 */
#include "cli.h"

int cmd_verify(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cmd_not_built("verify");
}
