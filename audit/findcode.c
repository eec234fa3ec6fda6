/*
 * findcode.c - descriptions of the finding codes (see findcode.h).  Keep
 * the rows sorted by code.
 */
#include <stdlib.h>
#include <string.h>

#include "findcode.h"

static const struct findcode table[] = {
    { "acceptable_use_policy", FINDCODE_LICENSE, "Acceptable-use policy applies",
      "The license incorporates an acceptable-use policy that restricts what the model may be used for.",
      "Read the policy named in the finding and make sure every intended use complies; keep a copy with the model." },
    { "attribution_required", FINDCODE_LICENSE, "Attribution required",
      "The license requires an attribution notice when the model or its outputs are redistributed or used in a product.",
      "Add the required notice (see the obligations) wherever the model is distributed or shown." },
    { "base_model_license", FINDCODE_LICENSE, "Base model license applies",
      "The model derives from a base model whose license carries over to it.",
      "Review the base model's license as well; its terms apply to this derivative." },
    { "derivative_more_permissive", FINDCODE_LICENSE, "Derivative declares a more permissive license than its base",
      "The model declares a license more permissive than the license of the base model it derives from; the base license most likely still applies.",
      "Treat the model as licensed under its base model's license unless the base publisher granted otherwise." },
    { "download_incomplete", FINDCODE_INTEGRITY, "Download incomplete",
      "A file of the model was not completely downloaded (an .incomplete blob or a partial file).",
      "Download the model again and re-run the audit." },
    { "file_missing", FINDCODE_INTEGRITY, "File missing",
      "A file that the repository metadata or the manifest records is not present.",
      "Download the missing file or restore the repository, then re-run the audit." },
    { "file_unreadable", FINDCODE_INTEGRITY, "File unreadable",
      "A file of the model could not be read, so it could not be hashed or validated.",
      "Check permissions and the storage, then re-run the audit." },
    { "index_mismatch", FINDCODE_SAFETY, "Shard index does not match the shards",
      "model.safetensors.index.json does not agree with the shards: a tensor is missing or in another shard, a shard is absent, or the total size differs.",
      "Download the model again; a mismatched index means the weights on disk are not the set the publisher released." },
    { "integrity_mismatch", FINDCODE_INTEGRITY, "Hash mismatch",
      "The SHA-256 (or git blob id) of a file differs from what the publisher's records say: the file was altered or corrupted.",
      "Do not use the model. Download it again from the publisher and verify it; investigate how the file changed." },
    { "lfs_pointer", FINDCODE_INTEGRITY, "Weights not downloaded (git-lfs pointer)",
      "A weight file is still a git-lfs pointer: the repository was cloned without fetching the large files.",
      "Run git lfs pull (or download the files) and re-run the audit." },
    { "license_conflict", FINDCODE_LICENSE, "Model card and license file disagree",
      "The license declared in the model card differs from the license text found in the repository.",
      "Ask the publisher which license applies; until then the more restrictive one should be assumed." },
    { "license_denied", FINDCODE_LICENSE, "License denied by policy",
      "The organisation's policy does not allow the model's license.",
      "Do not adopt the model, or ask legal for an exception to the policy." },
    { "license_missing", FINDCODE_LICENSE, "No license found",
      "No license text, model card license or other license material was found; without a license no use is granted.",
      "Ask the publisher for the license, or do not use the model." },
    { "license_modified", FINDCODE_LICENSE, "License text modified",
      "The license text differs from the canonical text of the license it resembles: sentences were added or removed.",
      "Read the differences shown as evidence; the modified terms, not the canonical license, apply." },
    { "license_review", FINDCODE_LICENSE, "License needs review",
      "The organisation's policy requires a review before a model under this license is adopted.",
      "Have legal review the license and its obligations for the intended use." },
    { "license_unknown", FINDCODE_LICENSE, "License not identified",
      "License material was found but does not match any known license.",
      "Have legal read the license text found in the repository." },
    { "mau_cap", FINDCODE_LICENSE, "Monthly-active-user cap",
      "The license stops applying above a number of monthly active users; beyond it a separate license from the publisher is required.",
      "Compare the cap with the organisation's monthly active users (policy fact mau) and record the result." },
    { "naming_required", FINDCODE_LICENSE, "Naming requirement",
      "The license requires derived models or products to carry a name or a notice (for example a \"Llama\" prefix or \"Built with Llama\").",
      "Apply the naming rule listed in the obligations to anything built from the model." },
    { "non_commercial", FINDCODE_LICENSE, "Non-commercial use only",
      "The license forbids commercial use.",
      "Do not use the model commercially; for research use record that decision." },
    { "output_use_restriction", FINDCODE_LICENSE, "Restriction on the use of outputs",
      "The license restricts how the model's outputs may be used (for example to improve other models).",
      "Make sure no workflow uses outputs in the forbidden way." },
    { "pickle_unknown_import", FINDCODE_SAFETY, "Pickle imports a callable outside the allow-list",
      "A pickle checkpoint imports a callable that is not on the list of known-safe tensor rebuild functions.",
      "Do not load the file with a plain unpickler; review the import or prefer safetensors." },
    { "pickle_unsafe_import", FINDCODE_SAFETY, "Pickle imports a dangerous callable",
      "A pickle checkpoint imports a callable that can run arbitrary code when the file is loaded (os.system, builtins.eval, subprocess ...).",
      "Never load this file. Use a safetensors copy from a trusted publisher instead." },
    { "territory_exclusion", FINDCODE_LICENSE, "Territory excluded",
      "The license withholds rights in some territories (for example the EU for multimodal Llama 3.2 models).",
      "Check the policy's regions against the excluded territories before adoption." },
    { "unsafe_path", FINDCODE_INTEGRITY, "Unsafe path",
      "A file of the model is a symlink that leaves the repository, a device, a FIFO or another non-regular file.",
      "Inspect the repository: an unsafe path can make tools read or overwrite files outside the model." },
    { "unverified", FINDCODE_INTEGRITY, "Nothing to verify against",
      "The files were hashed but no record of the publisher's hashes was found to compare them with.",
      "Verify against a manifest or SBOM from a trusted source (weightaudit verify) or download through the Hugging Face cache." },
    { "weights_invalid", FINDCODE_SAFETY, "Invalid weight file",
      "A weight file violates its format (safetensors, GGUF or pickle): it is corrupt, truncated or crafted.",
      "Do not load the file; download it again and check the problems listed for the file." },
};
#define N_CODES (sizeof table / sizeof table[0])

static int cmp(const void *key, const void *row)
{
    return strcmp(key, ((const struct findcode *)row)->code);
}

const struct findcode *findcode_lookup(const char *code)
{
    if (!code)
        return NULL;
    return bsearch(code, table, N_CODES, sizeof table[0], cmp);
}

const struct findcode *findcode_at(size_t i)
{
    return i < N_CODES ? &table[i] : NULL;
}

const char *findcode_kind_name(enum findcode_kind k)
{
    switch (k) {
    case FINDCODE_INTEGRITY: return "integrity";
    case FINDCODE_SAFETY: return "safety";
    case FINDCODE_LICENSE: return "license";
    case FINDCODE_OTHER: break;
    }
    return "other";
}
