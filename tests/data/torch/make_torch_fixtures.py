#!/usr/bin/python3
"""Write the real PyTorch checkpoints kept under tests/data/torch/.

Run once with Debian's python3-torch (apt-get install python3-torch):
    /usr/bin/python3 tests/data/torch/make_torch_fixtures.py tests/data/torch
The outputs (a few KB) are committed so that the tests need no torch.

  state_dict_zip.pt     torch.save of a small state dict (zip format, the default)
  state_dict_legacy.pt  the same with _use_new_zipfile_serialization=False
  full_module.pt        torch.save of a whole nn.Module: it pickles the
                        module's classes (__main__.TinyNet, torch.nn...),
                        which a loader must import and run
  pytorch_model.bin     the state dict again under the Hugging Face name
  torchscript.pt        torch.jit.save of the scripted TinyNet (code/ entries,
                        TorchScript's own pickles)
  numpy_state.pt        what a Trainer's rng_state.pth holds: numpy arrays and
                        the numpy/python random states, next to a tensor
"""
import collections
import os
import sys

import random

import numpy
import torch
from torch import nn


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.fc(x))


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    sd = collections.OrderedDict(
        weight=torch.arange(8, dtype=torch.float32).reshape(2, 4),
        bias=torch.ones(2, dtype=torch.float16),
        steps=torch.tensor([3], dtype=torch.int64),
    )
    torch.save(sd, os.path.join(out, "state_dict_zip.pt"))
    torch.save(sd, os.path.join(out, "state_dict_legacy.pt"), _use_new_zipfile_serialization=False)
    torch.save(sd, os.path.join(out, "pytorch_model.bin"))
    torch.save(TinyNet(), os.path.join(out, "full_module.pt"))
    torch.jit.save(torch.jit.script(TinyNet()), os.path.join(out, "torchscript.pt"))
    numpy.random.seed(0)
    random.seed(0)
    state = {"python": random.getstate()[:1], "numpy": numpy.random.get_state(),
             "arr": numpy.arange(4, dtype=numpy.float32), "cpu": torch.ones(2)}
    torch.save(state, os.path.join(out, "numpy_state.pt"))
    print("torch", torch.__version__)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
