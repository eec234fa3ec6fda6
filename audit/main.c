/*
 * main.c - the weightaudit command line: the dispatch table of commands,
 * --help and --version.  Each command lives in cmd_<name>.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct cmd commands[] = {
    { "scan", cmd_scan, "scan PATH... [options]", "audit model repositories (the main job)" },
    { "validate", cmd_validate, "validate FILE|- [--format text|json] [--no-hash]",
      "stream-validate one weight file (safetensors, GGUF, pickle); '-' = stdin" },
    { "license", cmd_license, "license PATH [--format text|json]",
      "identify the license of a text file or of a model folder" },
    { "verify", cmd_verify, "verify PATH --sbom FILE | --manifest FILE",
      "re-hash PATH and compare with a previously written SBOM or manifest" },
    { "manifest", cmd_manifest, "manifest PATH [-o FILE]",
      "write a pinned manifest (lockfile) of a model repository" },
    { "rules", cmd_rules, "rules [ID]",
      "list the known licenses, or explain one: grants, conditions, obligations" },
    { "merge", cmd_merge, "merge REPORT... [--format F [-o FILE]]...",
      "merge partial JSON reports (from scan --shard) into one" },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fprintf(f, "weightaudit %s - audit downloaded AI model weights\n\nUsage:\n", WA_VERSION);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  weightaudit %-44s %s\n", commands[i].usage, commands[i].summary);
    fprintf(f, "  weightaudit --version | --help | COMMAND --help\n\n"
               "Exit codes: 0 pass, 1 the audit failed (deny, integrity, invalid, dangerous,\n"
               "mismatch), 2 could not complete (usage, unreadable input).\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_CANNOT;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("weightaudit %s\n", WA_VERSION);
        return EXIT_PASS;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        if (argc > 2 && strcmp(argv[1], "help") == 0) {
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (strcmp(commands[i].name, argv[2]) == 0) {
                    char *args[] = { argv[2], (char *)"--help", NULL };
                    return commands[i].fn(2, args);
                }
        }
        usage(stdout);
        return EXIT_PASS;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, argv[1]) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    cli_error("unknown command '%s' (see weightaudit --help)", argv[1]);
    return EXIT_CANNOT;
}
