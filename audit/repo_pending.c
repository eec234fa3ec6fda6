/* repo_pending.c - layouts not implemented yet: never detected (removed as each lands). */
#include "repo.h"
static int no(const struct repo_probe *pr) { (void)pr; return 0; }
const struct repo_ops repo_hfcache = { "hf-cache", LAYOUT_HF_CACHE, no, NULL, NULL };
const struct repo_ops repo_localdir = { "hf-local-dir", LAYOUT_HF_LOCAL_DIR, no, NULL, NULL };
const struct repo_ops repo_git = { "git", LAYOUT_GIT, no, NULL, NULL };
const struct repo_ops repo_ollama = { "ollama", LAYOUT_OLLAMA, no, NULL, NULL };
const struct repo_ops repo_archive = { "archive", LAYOUT_ARCHIVE, no, NULL, NULL };
