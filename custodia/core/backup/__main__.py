"""`python -m custodia.core.backup verify-chain`: the audit chain check that restore runs on a
staged copy (chain.py)."""

import sys

from .chain import verify_chain_main

if sys.argv[1:] == ["verify-chain"]:
    sys.exit(verify_chain_main())
sys.exit("usage: python -m custodia.core.backup verify-chain")
