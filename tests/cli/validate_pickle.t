# weightaudit validate on pickle checkpoints: zip, legacy, bare; deny, review,
# invalid; detection by magic; formats known without a validator.

### a real torch.save state dict (zip): valid, every import allowed
$ validate --format json @ROOT/tests/data/torch/state_dict_zip.pt
? 0
= format "pickle"
= valid true
= problems []
= pickle.container "zip"
= pickle.protocol 2
= pickle.pickles 1
= pickle.zip.version "3"
= pickle.zip.data_entries 3
any pickle.imports name "torch._utils._rebuild_tensor_v2"
any pickle.imports name "collections.OrderedDict"
any pickle.imports verdict "allow"
schema @ROOT/tests/schemas/validate.schema.json

### the legacy format (_use_new_zipfile_serialization=False)
$ validate --format json @ROOT/tests/data/torch/state_dict_legacy.pt
? 0
= valid true
= pickle.container "legacy"
= pickle.pickles 5
= problems []
schema @ROOT/tests/schemas/validate.schema.json

### pytorch_model.bin is detected by its magic
$ validate --format json @ROOT/tests/data/torch/pytorch_model.bin
? 0
= format "pickle"
= pickle.container "zip"

### a whole nn.Module: its classes are imports to review, exit 0
$ validate --format json @ROOT/tests/data/torch/full_module.pt
? 0
= valid true
any problems code "unknown_import"
any problems severity "review"
any pickle.imports name "__main__.TinyNet"
schema @ROOT/tests/schemas/validate.schema.json

### a TorchScript archive: its classes and code are for review, not deny
$ validate --format json @ROOT/tests/data/torch/torchscript.pt
? 0
= valid true
any problems code "torchscript_code"
any pickle.imports name "torch.jit._pickle.build_intlist"
any pickle.imports name "__torch__.TinyNet"

### numpy arrays and random states next to tensors: all allowed
$ validate --format json @ROOT/tests/data/torch/numpy_state.pt
? 0
= problems []
any pickle.imports name "numpy.core.multiarray._reconstruct"
any pickle.imports name "_codecs.encode"

### os.system through __reduce__: deny, exit 1, offset of the GLOBAL opcode
$ validate --format json @TD/pickle/evil_os_system_p2.pkl
? 1
= valid true
= problems[0].code "unsafe_import"
= problems[0].severity "deny"
= problems[0].offset 2
any pickle.imports name "posix.system"
any pickle.imports verdict "deny"
~ stderr offset 2: unsafe_import
schema @ROOT/tests/schemas/validate.schema.json

### builtins.eval
$ validate --format json @TD/pickle/evil_eval.pkl
? 1
= problems[0].code "unsafe_import"

### subprocess.Popen via STACK_GLOBAL (protocol 4)
$ validate --format json @TD/pickle/evil_popen.pkl
? 1
= problems[0].code "unsafe_import"
any pickle.imports name "subprocess.Popen"

### module and name memoised, fetched with BINGET
$ validate --format json @TD/pickle/evil_memo_binget.pkl
? 1
= problems[0].code "unsafe_import"
= problems[0].offset 42

### protocol 0 INST
$ validate --format json @TD/pickle/evil_inst_p0.pkl
? 1
= problems[0].code "unsafe_import"
= problems[0].offset 7

### a malicious data.pkl inside a torch zip: offset in the file
$ validate --format json @TD/pickle/zip_evil.pt
? 1
= pickle.container "zip"
= problems[0].code "unsafe_import"
= problems[0].offset 59
~ stderr archive/data.pkl

### a malicious legacy checkpoint
$ validate --format json @TD/pickle/legacy_evil.pt
? 1
= pickle.container "legacy"
= problems[0].code "unsafe_import"
= problems[0].offset 150

### malformed: an unknown opcode
$ validate --format json @TD/pickle/bad_unknown_opcode.pkl
? 1
= valid false
= problems[0].code "opcode_unknown"
= problems[0].offset 3
= problems[0].severity "error"
schema @ROOT/tests/schemas/validate.schema.json

### malformed: no STOP
$ validate --format json @TD/pickle/bad_missing_stop.pkl
? 1
= problems[0].code "truncated"

### malformed: memo index never stored
$ validate --format json @TD/pickle/bad_memo_get.pkl
? 1
= problems[0].code "memo_invalid"

### a zip named .pt without data.pkl is not a checkpoint
$ validate --format json @TD/pickle/zip_no_data_pkl.pt
? 1
= problems[0].code "data_pkl_missing"

### stdin: a zip checkpoint streams through libarchive
$ validate --format json -
< @ROOT/tests/data/torch/state_dict_zip.pt
? 0
= path "-"
= format "pickle"
= pickle.container "zip"

### stdin: a malicious legacy checkpoint
$ validate -
< @TD/pickle/legacy_evil.pt
? 1
~ stderr unsafe_import

### --no-hash: the legacy storage data is skipped
$ validate --no-hash --format json @ROOT/tests/data/torch/state_dict_legacy.pt
? 0
= sha256 null
= valid true
= size 622

### --no-hash on a zip
$ validate --no-hash --format json @TD/pickle/zip_evil.pt
? 1
= sha256 null
= problems[0].code "unsafe_import"

### text output
$ validate @TD/pickle/evil_os_system_p2.pkl
? 1
~ stdout deny: unsafe_import at offset 2
~ stdout posix.system

### an npz is not a pickle: known format, hashed, exit 0
$ validate --format json @TD/pickle/arrays.npz
? 0
= format "numpy"
= valid null
= problems []
schema @ROOT/tests/schemas/validate.schema.json

### npy
$ validate --format json @TD/pickle/arrays.npy
? 0
= format "numpy"

### keras v3 zip
$ validate --format json @TD/pickle/model.keras
? 0
= format "keras"
= valid null

### HDF5 (Keras .h5)
$ validate --format json @TD/pickle/model.h5
? 0
= format "hdf5"

### ONNX
$ validate --format json @TD/pickle/model.onnx
? 0
= format "onnx"
= valid null

### TensorFlow SavedModel
$ validate --format json @TD/pickle/saved_model/saved_model.pb
? 0
= format "tensorflow"

### TensorFlow variables
$ validate --format json @TD/pickle/saved_model/variables/variables.data-00000-of-00001
? 0
= format "tensorflow"

### a zip whose central directory hides the real data.pkl inside another entry: dangerous and invalid
$ validate --format json @TD/pickle/zip_cd_hidden_entry.pt
? 1
= valid false
= problems[0].code "zip_inconsistent"
= problems[0].severity "deny"
~ stderr zip_inconsistent
schema @ROOT/tests/schemas/validate.schema.json


### archive/DATA.PKL is what torch loads (miniz ignores case): walked, deny
$ validate --format json @TD/pickle/zip_evil_upper_case.bin
? 1
= format "pickle"
= problems[0].code "unsafe_import"
= problems[0].severity "deny"
any pickle.imports name "posix.system"

### a .bin pickle with bytes after STOP is still a pickle: the deny before the garbage, invalid
$ validate --format json @TD/pickle/sniff_trailing_garbage.bin
? 1
= format "pickle"
= valid false
= problems[0].code "unsafe_import"
= problems[0].severity "deny"
any problems code "opcode_unknown"

### a bad BINGET after the REDUCE: still a pickle, deny
$ validate --format json @TD/pickle/sniff_bad_binget.bin
? 1
= format "pickle"
= problems[0].code "unsafe_import"
any problems code "memo_invalid"

### protocol 0 with trailing garbage in a .bin
$ validate --format json @TD/pickle/sniff_p0_trailing.bin
? 1
= format "pickle"
= problems[0].code "unsafe_import"

### a protocol-0 pickle named .npy (np.load with allow_pickle unpickles it)
$ validate --format json @TD/pickle/sniff_p0_npy.npy
? 1
= format "pickle"
= valid true
= problems[0].code "unsafe_import"
= problems[0].severity "deny"

### scan: a pytorch_model.bin with garbage after its pickle is denied, not "other"
$ scan --format json @TD/pickle/trailing_repo
? 1
= verdict "deny"

### argparse._os.execvp: os reached through a private alias is denied
$ validate --format json @TD/pickle/evil_alias_00.pkl
? 1
= problems[0].code "unsafe_import"
= problems[0].severity "deny"
any pickle.imports name "argparse._os.execvp"

### cStringIO.open at protocol 2 is io.open (fix_imports): deny
$ validate --format json @TD/pickle/evil_py2_name_0.pkl
? 1
= problems[0].code "unsafe_import"
= problems[0].severity "deny"
~ stderr read as io below protocol 3

### __builtin__.xrange at protocol 0 is builtins.range: allowed
$ validate --format json @TD/pickle/benign_py2_xrange.pkl
? 0
= problems []

### a NUL in a module name is escaped in the facts
$ validate --format json @TD/pickle/evil_nul_module.pkl
? 1
= problems[0].code "unsafe_import"
any pickle.imports name "os\\x00x.system"
