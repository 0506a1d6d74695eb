#!/usr/bin/env python
"""Train the compact offline English Stanza model shipped with quoteattr (en_ewt_compact).

Components (all trained from scratch on UD English-EWT, no pretrained word vectors,
no character language model, no transformer):

    tokenize  stanza tokenizer (--no_charlm feature set), fixed step count
    mwt       dictionary-only multi-word-token expander
    lemma     dictionary-only lemmatizer
    pos       stanza tagger (UPOS/XPOS/UFeats), early stopping on dev AllTags
    depparse  stanza biaffine graph parser, trained on PREDICTED tags (train and dev
              retagged by our own tagger), like stanza's own training pipeline

Every training process runs single-threaded (OMP/MKL/torch 1 thread) in the background,
at most two at a time, with logs under <work-dir>/logs.  glibc's malloc is tuned with
MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_/MALLOC_TOP_PAD_: without it the tagger spent
more than half of its time in mmap/munmap page faults (3.5 s/step -> 1.4 s/step).

Stages (``--stage``, may be repeated; ``all`` runs the whole schedule):

    prepare     convert EWT with stanza's prepare_*_treebank scripts into <work-dir>/data
    tokenize    tokenizer (foreground)
    mwt, lemma  dictionary models (foreground, ~1 min)
    tagger      tagger (foreground)
    parser_gold parser on GOLD tags (the baseline / interim model; optional)
    retag       retag train/dev/test depparse data with the (snapshot of the) tagger
    parser      parser on predicted tags
    package     copy the best checkpoints into --out-dir, strip optimizer state, write
                resources.json ({}) and manifest.json
    evaluate    run scripts/evaluate_english_model.py on the packaged model (test + dev)

``--stage all`` runs the schedule that was actually used for the shipped model:
    t=0       tokenizer and tagger start side by side (2 processes)
    tokenizer done -> mwt, lemma, then the gold-tag parser (baseline) in that slot
    tagger passes --retag-at-step -> snapshot of its best checkpoint, retag, stop the
              gold parser, start the predicted-tag parser (warm-started from the gold
              parser's best checkpoint when --parser-warm-start is given)
    tagger and parser run until early stopping / max steps / their minute caps
    package, evaluate

Example (the command used for the shipped model, see docs/models.md):

    python scripts/train_english_model.py --ud-dir ../shared/ud/UD_English-EWT \\
        --work-dir /work/train --out-dir quoteattr/models/en_ewt_compact --stage all
"""

import argparse
import datetime
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

SHORT = "en_ewt"
TREEBANK = "UD_English-EWT"
SEED = 1234

# ---------------------------------------------------------------- hyperparameters
# 1.2.0: 12000 steps (best dev at 11800: tokens 99.50, sentences 90.23, MWT 99.32; the
# 3200-step tokenizer of 1.0/1.1 scored 99.37 / 89.00 / 99.12 and cost ~0.3 UPOS end to end)
TOKENIZE_ARGS = ["--no_charlm", "--steps", "12000", "--seed", str(SEED)]

# 1.2.0: hidden 200 (stanza's default; 1.0/1.1 used 128) and up to 3000 steps
TAGGER_ARGS = ["--no_pretrain", "--hidden_dim", "200", "--batch_size", "64",
               "--dropout", "0.33", "--word_dropout", "0.2",
               "--max_steps", "3000", "--max_steps_before_stop", "1000",
               "--eval_interval", "200", "--fix_eval_interval", "--seed", str(SEED)]

PARSER_ARGS = ["--no_pretrain", "--hidden_dim", "200", "--num_layers", "2",
               "--deep_biaff_hidden_dim", "200",
               "--batch_size", "1000", "--optim", "adam", "--lr", "2e-3",
               "--eval_interval", "250", "--seed", str(SEED)]

MODEL_FILES = {
    "tokenize.pt": "saved_models/tokenize/en_ewt_nocharlm_tokenizer.pt",
    "mwt.pt": "saved_models/mwt/en_ewt_mwt_expander.pt",
    "lemma.pt": "saved_models/lemma/en_ewt_nocharlm_lemmatizer.pt",
    "pos.pt": "saved_models/pos/en_ewt_nopretrain_tagger.pt",
    "depparse.pt": "saved_models/depparse/en_ewt_nopretrain_parser.pt",
}
GOLD_PARSER = "saved_models/depparse_gold/en_ewt_nopretrain_parser.pt"
TAGGER_SNAPSHOT = "saved_models/pos_snapshot/en_ewt_nopretrain_tagger.pt"

MALLOC_ENV = {
    "MALLOC_MMAP_THRESHOLD_": "33554432",
    "MALLOC_TRIM_THRESHOLD_": "4294967296",
    "MALLOC_TOP_PAD_": "268435456",
}


def log(msg):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S")
    print(f"[{stamp}] {msg}", flush=True)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Ctx:
    def __init__(self, args):
        self.ud_dir = os.path.abspath(args.ud_dir)
        self.work = os.path.abspath(args.work_dir)
        self.out = os.path.abspath(args.out_dir)
        self.args = args
        self.data = os.path.join(self.work, "data")
        self.logs = os.path.join(self.work, "logs")
        os.makedirs(self.logs, exist_ok=True)
        # stanza's prepare scripts look for $UDBASE/UD_English-EWT
        self.udbase = os.path.join(self.work, "ud")
        os.makedirs(self.udbase, exist_ok=True)
        link = os.path.join(self.udbase, TREEBANK)
        if not os.path.exists(link):
            os.symlink(self.ud_dir, link)

    def env(self):
        env = dict(os.environ)
        env.update({"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                    "UDBASE": self.udbase, "DATA_ROOT": self.data,
                    "PYTHONHASHSEED": "0"})
        env.update(MALLOC_ENV)
        return env

    def path(self, rel):
        return os.path.join(self.work, rel)

    def start(self, name, cmd):
        """Start a background job, logging to <work>/logs/<name>.log"""
        logf = open(os.path.join(self.logs, f"{name}.log"), "a")
        log(f"start {name}: {' '.join(cmd)}")
        proc = subprocess.Popen(cmd, cwd=self.work, env=self.env(), stdout=logf,
                                stderr=subprocess.STDOUT, start_new_session=True)
        with open(os.path.join(self.logs, f"{name}.pid"), "w") as f:
            f.write(str(proc.pid))
        proc._started = time.time()
        proc._name = name
        return proc

    def run(self, name, cmd):
        proc = self.start(name, cmd)
        rc = proc.wait()
        log(f"{name} finished rc={rc} in {time.time() - proc._started:.0f}s")
        if rc != 0:
            raise SystemExit(f"{name} failed, see {self.logs}/{name}.log")


PY = [sys.executable, "-m"]


# ---------------------------------------------------------------- stages
def stage_prepare(c):
    for mod in ["prepare_tokenizer_treebank", "prepare_mwt_treebank",
                "prepare_pos_treebank"]:
        c.run(f"prep_{mod}", PY + [f"stanza.utils.datasets.{mod}", TREEBANK])
    c.run("prep_depparse", PY + ["stanza.utils.datasets.prepare_depparse_treebank", TREEBANK, "--gold"])
    # prepare_lemma_treebank wants to download a model (no internet here); the lemmatizer
    # only needs the plain CoNLL-U files, the same ones the tagger uses
    os.makedirs(os.path.join(c.data, "lemma"), exist_ok=True)
    for split in ["train", "dev", "test"]:
        shutil.copy(os.path.join(c.data, "pos", f"{SHORT}.{split}.in.conllu"),
                    os.path.join(c.data, "lemma", f"{SHORT}.{split}.in.conllu"))


def tokenize_cmd(c):
    return PY + ["stanza.utils.training.run_tokenizer", TREEBANK,
                 "--save_dir", c.path("saved_models/tokenize")] + TOKENIZE_ARGS


def mwt_cmd(c):
    # A seq2seq expander ensembled with the dictionary: the dictionary alone cannot split
    # possessives it never saw ("president's" -> president 's), which EWT treats as
    # multi-word tokens.  (--dict_only was the 1.0.0 setting; see docs/models.md.)
    return PY + ["stanza.utils.training.run_mwt", TREEBANK, "--num_epoch", "20",
                 "--seed", str(SEED), "--save_dir", c.path("saved_models/mwt")]


def lemma_cmd(c):
    d = os.path.join(c.data, "lemma")
    return PY + ["stanza.models.lemmatizer", "--mode", "train", "--dict_only",
                 "--train_file", f"{d}/{SHORT}.train.in.conllu",
                 "--eval_file", f"{d}/{SHORT}.dev.in.conllu",
                 "--output_file", f"{d}/{SHORT}.dev.pred.conllu",
                 "--shorthand", SHORT, "--seed", str(SEED),
                 "--save_dir", c.path("saved_models/lemma"),
                 "--save_name", "en_ewt_nocharlm_lemmatizer.pt"]


def tagger_cmd(c):
    d = os.path.join(c.data, "pos")
    args = list(TAGGER_ARGS)
    save_dir, save_name = c.path("saved_models/pos"), "en_ewt_nopretrain_tagger.pt"
    if c.args.tagger_wordvec:
        # the word-vector experiment (scripts/train_word_vectors.py): same settings otherwise
        args.remove("--no_pretrain")
        args += ["--wordvec_pretrain_file", os.path.abspath(c.args.tagger_wordvec)]
        save_dir, save_name = c.path("saved_models/pos_wv"), "en_ewt_wv_tagger.pt"
    return PY + ["stanza.models.tagger", "--mode", "train",
                 "--train_file", f"{d}/{SHORT}.train.in.conllu",
                 "--eval_file", f"{d}/{SHORT}.dev.in.conllu",
                 "--lang", "en", "--shorthand", SHORT,
                 "--save_dir", save_dir, "--save_name", save_name] + args


def parser_cmd(c, gold, max_steps, warm_start=None):
    d = os.path.join(c.data, "depparse")
    if gold:
        train, dev = f"{d}/{SHORT}.train.in.conllu", f"{d}/{SHORT}.dev.in.conllu"
        save = c.path("saved_models/depparse_gold")
    else:
        train, dev = f"{d}/{SHORT}.train.retagged.conllu", f"{d}/{SHORT}.dev.retagged.conllu"
        save = c.path("saved_models/depparse")
    if warm_start:
        # stanza builds the vocab from --train_file; with predicted tags the feats vocab
        # differs from the gold-tag checkpoint's and --continue_from crashes (IndexError in
        # ufeats_emb).  The wrapper below makes the training DataLoader reuse the
        # checkpoint's vocab (unseen predicted feats map to <UNK>).
        head = [sys.executable, os.path.abspath(__file__), "--parser-with-vocab-of", warm_start, "--"]
    else:
        head = PY + ["stanza.models.parser"]
    cmd = head + ["--mode", "train",
                "--train_file", train, "--eval_file", dev,
                "--lang", "en", "--shorthand", SHORT,
                "--save_dir", save, "--save_name", "en_ewt_nopretrain_parser.pt",
                "--max_steps", str(max_steps)] + PARSER_ARGS
    if warm_start:
        cmd += ["--continue_from", warm_start]
    return cmd


def retag(c, tagger_model):
    """Tag train/dev/test depparse input with our tagger (stanza's dataset_retagging idea):
    UPOS/XPOS/UFeats are replaced by predictions, gold heads/deprels kept."""
    d = os.path.join(c.data, "depparse")
    for split in ["train", "dev", "test"]:
        c.run(f"retag_{split}", PY + [
            "stanza.models.tagger", "--mode", "predict", "--no_pretrain",
            "--lang", "en", "--shorthand", SHORT,
            "--save_dir", os.path.dirname(tagger_model),
            "--save_name", os.path.basename(tagger_model),
            "--eval_file", f"{d}/{SHORT}.{split}.in.conllu",
            "--output_file", f"{d}/{SHORT}.{split}.retagged.conllu"])


def snapshot_tagger(c):
    src = c.path(MODEL_FILES["pos.pt"])
    dst = c.path(TAGGER_SNAPSHOT)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copy(src, dst)
    log(f"tagger snapshot -> {dst}")
    return dst


def last_eval_step(logfile, pattern=r"step (\d+): train_loss"):
    if not os.path.exists(logfile):
        return 0
    steps = [int(m.group(1)) for m in re.finditer(pattern, open(logfile, errors="replace").read())]
    return max(steps) if steps else 0


def wait_or_kill(proc, deadline):
    """Wait for proc; terminate it at deadline (the best checkpoint is already on disk)."""
    while proc.poll() is None:
        if deadline is not None and time.time() > deadline:
            log(f"{proc._name}: time cap reached, stopping it (best checkpoint kept)")
            proc.terminate()
            proc.wait()
            break
        time.sleep(10)
    log(f"{proc._name} ended after {time.time() - proc._started:.0f}s rc={proc.returncode}")


def stage_all(c):
    a = c.args
    t0 = time.time()
    stage_prepare(c)
    tok = c.start("tokenize", tokenize_cmd(c))
    tag = c.start("tagger", tagger_cmd(c))
    wait_or_kill(tok, None)
    c.run("mwt", mwt_cmd(c))
    c.run("lemma", lemma_cmd(c))
    gold = c.start("parser_gold", parser_cmd(c, True, a.gold_parser_max_steps))
    tag_log = os.path.join(c.logs, "tagger.log")
    while tag.poll() is None and last_eval_step(tag_log) < a.retag_at_step:
        time.sleep(10)
    snap = snapshot_tagger(c)
    retag(c, snap)  # the gold-tag parser keeps training meanwhile
    # stop the gold-tag parser: its best checkpoint is the warm start of the final parser
    wait_or_kill(gold, None if a.parser_warm_start else time.time())
    warm = c.path(GOLD_PARSER) if a.parser_warm_start else None
    par = c.start("parser", parser_cmd(c, False, a.parser_max_steps, warm))
    wait_or_kill(tag, t0 + a.tagger_max_minutes * 60 if a.tagger_max_minutes else None)
    wait_or_kill(par, t0 + a.parser_max_minutes * 60 if a.parser_max_minutes else None)
    stage_package(c)
    stage_evaluate(c)


# ---------------------------------------------------------------- packaging
def strip_checkpoint(src, dst, fp16=True):
    """Copy a stanza checkpoint without optimizer/scheduler state.  With fp16 the float32
    weight tensors are stored as float16 (stanza's load_state_dict copies them back into
    the float32 model, so inference still runs in float32); this halves the size."""
    import torch
    obj = torch.load(src, map_location="cpu", weights_only=False)
    removed = []
    if isinstance(obj, dict):
        for k in list(obj):
            if "optim" in k.lower() or k in ("scheduler", "scheduler_state_dict"):
                removed.append(k)
                del obj[k]
        if fp16 and isinstance(obj.get("model"), dict):
            obj["model"] = {k: (v.half() if torch.is_tensor(v) and v.dtype == torch.float32 else v)
                            for k, v in obj["model"].items()}
    if removed or fp16:
        torch.save(obj, dst, _use_new_zipfile_serialization=False)
    else:
        shutil.copy(src, dst)
    return removed


def parse_training_log(logfile, eval_pattern, score_pattern=None):
    """Return (steps trained, best step, wall seconds) from a stanza training log."""
    if not os.path.exists(logfile):
        return None
    text = open(logfile, errors="replace").read()
    stamps = re.findall(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text, re.M)
    wall = None
    if len(stamps) >= 2:
        fmt = "%Y-%m-%d %H:%M:%S"
        wall = (datetime.datetime.strptime(stamps[-1], fmt) -
                datetime.datetime.strptime(stamps[0], fmt)).total_seconds()
    steps = [int(s) for s in re.findall(eval_pattern, text)]
    return {"steps_trained": max(steps) if steps else None, "wall_seconds": wall,
            "log": os.path.basename(logfile)}


def stage_package(c):
    import stanza
    import torch
    os.makedirs(c.out, exist_ok=True)
    manifest_path = os.path.join(c.out, "manifest.json")
    old = {}
    if os.path.exists(manifest_path):
        old = json.load(open(manifest_path))
    files = {}
    stripped = {}
    wordvec = c.args.tagger_wordvec
    for name, rel in MODEL_FILES.items():
        src = c.path(rel)
        if name == "depparse.pt" and c.args.package_gold_parser:
            src = c.path(GOLD_PARSER)
        if name == "pos.pt" and wordvec:
            src = c.path("saved_models/pos_wv/en_ewt_wv_tagger.pt")
        dst = os.path.join(c.out, name)
        stripped[name] = strip_checkpoint(src, dst, fp16=not c.args.fp32)
        files[name] = sha256(dst)
    stale = os.path.join(c.out, "pretrain.pt")
    if wordvec:
        # the tagger's frozen word vectors (float32: stanza builds its embedding from this
        # tensor as is, and a float16 table would not mix with the float32 model)
        shutil.copy(wordvec, stale)
        files["pretrain.pt"] = sha256(stale)
    elif os.path.exists(stale):
        os.remove(stale)
    with open(os.path.join(c.out, "resources.json"), "w") as f:
        f.write("{}\n")
    ud_files = {}
    for split in ["train", "dev", "test"]:
        p = os.path.join(c.ud_dir, f"en_ewt-ud-{split}.conllu")
        ud_files[os.path.basename(p)] = sha256(p)
    commit_file = os.path.join(c.ud_dir, "SOURCE_COMMIT")
    source_commit = open(commit_file).read().strip() if os.path.exists(commit_file) else None

    training = {
        "tokenize": parse_training_log(os.path.join(c.logs, "tokenize.log"), r"Step\s+(\d+)/"),
        "pos": parse_training_log(os.path.join(c.logs, "tagger.log"), r"step (\d+): train_loss"),
        "mwt": parse_training_log(os.path.join(c.logs, "mwt.log"), r"epoch (\d+): train_loss"),
        "depparse_gold_tags_baseline": parse_training_log(os.path.join(c.logs, "parser_gold.log"), r"Finished STEP (\d+)/"),
        "depparse": parse_training_log(os.path.join(c.logs, "parser.log"), r"Finished STEP (\d+)/"),
    }
    training.update(c.args.training_note or {})
    manifest = {
        "name": "en_ewt_compact",
        "version": c.args.model_version,
        "language": "en",
        "description": "Compact offline Stanza pipeline (tokenize, mwt, pos, lemma, depparse) "
                       "trained from scratch on UD English-EWT" + (
                           ", the tagger with word vectors trained here on EWT train + PolNeAR train text."
                           if wordvec else " without pretrained embeddings."),
        "stanza_version": stanza.__version__,
        "torch_version": torch.__version__,
        "data": {
            "treebank": "UD_English-EWT",
            "source_commit": source_commit,
            "license": "CC BY-SA 4.0",
            "sha256": ud_files,
        },
        "hyperparameters": {
            "tokenize": {"args": TOKENIZE_ARGS, "via": "stanza.utils.training.run_tokenizer"},
            "mwt": {"args": mwt_cmd(c)[4:], "via": "stanza.utils.training.run_mwt"},
            "word_vectors": ({"file": "pretrain.pt", "via": "scripts/train_word_vectors.py",
                              "text": "EWT train + PolNeAR train (945,520 words), word2vec skip-gram 100d"}
                             if wordvec else None),
            "lemma": {"args": ["--dict_only"], "via": "stanza.models.lemmatizer"},
            "pos": {"args": TAGGER_ARGS, "via": "stanza.models.tagger"},
            "depparse": {"args": PARSER_ARGS, "via": "stanza.models.parser",
                         "train_tags": "gold" if c.args.package_gold_parser else
                         "predicted (train/dev retagged by a snapshot of the pos model)"},
            "threads": 1,
            "stored_weights": "float32" if c.args.fp32 else "float16 (loaded into float32 models)",
            "seed": SEED,
        },
        "training": training,
        "stripped_keys": {k: v for k, v in stripped.items() if v},
        "files": files,
        "total_size_bytes": sum(os.path.getsize(os.path.join(c.out, n)) for n in files),
        "load": {
            "example": "stanza.Pipeline(lang='en', dir=<this dir>, allow_unknown_language=True, "
                       "download_method=None, processors='tokenize,mwt,pos,lemma,depparse', "
                       "tokenize_model_path=<dir>/tokenize.pt, mwt_model_path=<dir>/mwt.pt, "
                       "pos_model_path=<dir>/pos.pt, lemma_model_path=<dir>/lemma.pt, "
                       "depparse_model_path=<dir>/depparse.pt, pos_pretrain_path=<dir>/pretrain.pt "
                       "if present else None, depparse_pretrain_path=None)",
        },
    }
    for key in ("scores", "speed"):
        if key in old and not c.args.drop_scores:
            manifest[key] = old[key]
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    log(f"packaged {c.out}: {manifest['total_size_bytes'] / 1e6:.1f} MB")


def stage_evaluate(c):
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = [sys.executable, os.path.join(here, "evaluate_english_model.py"),
           "--model-dir", c.out, "--ud-dir", c.ud_dir, "--splits", "test,dev",
           "--write-manifest"]
    log("evaluate: " + " ".join(cmd))
    subprocess.run(cmd, check=True, env=c.env())


def parser_with_vocab_of(ckpt, parser_argv):
    """Run stanza.models.parser.main(parser_argv) with the training vocab taken from ckpt."""
    import torch
    import stanza.models.parser as P
    from stanza.models.pos.vocab import MultiVocab
    state = torch.load(ckpt, map_location="cpu", weights_only=False)
    vocab = MultiVocab.load_state_dict(state["vocab"])
    orig = P.DataLoader

    def loader(doc, batch_size, args, pretrain, vocab_=None, *a, **kw):
        if "vocab" in kw:
            vocab_ = kw.pop("vocab")
        return orig(doc, batch_size, args, pretrain, vocab_ if vocab_ is not None else vocab, *a, **kw)

    P.DataLoader = loader
    P.main(parser_argv)


def main():
    if len(sys.argv) > 3 and sys.argv[1] == "--parser-with-vocab-of":
        assert sys.argv[3] == "--"
        return parser_with_vocab_of(sys.argv[2], sys.argv[4:])
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ud-dir", required=True, help="path to UD_English-EWT (en_ewt-ud-*.conllu)")
    p.add_argument("--work-dir", required=True, help="data, checkpoints and logs (outside git)")
    p.add_argument("--out-dir", required=True, help="packaged model dir, e.g. quoteattr/models/en_ewt_compact")
    p.add_argument("--stage", action="append", required=True,
                   choices=["all", "prepare", "tokenize", "mwt", "lemma", "tagger", "parser_gold",
                            "snapshot", "retag", "parser", "package", "evaluate"])
    p.add_argument("--retag-at-step", type=int, default=1200,
                   help="(all) snapshot the tagger's best checkpoint once it has evaluated this step")
    p.add_argument("--tagger-max-minutes", type=float, default=None, help="(all) optional wall-clock cap")
    p.add_argument("--parser-max-minutes", type=float, default=None, help="(all) optional wall-clock cap")
    p.add_argument("--gold-parser-max-steps", type=int, default=1250,
                   help="gold-tag parser steps (shipped run: stopped after its step-1250 best)")
    p.add_argument("--parser-max-steps", type=int, default=2750,
                   help="predicted-tag parser steps after the warm start (shipped run: 2750)")
    p.add_argument("--parser-warm-start", action="store_true",
                   help="start the predicted-tag parser from the gold-tag parser's best checkpoint")
    p.add_argument("--parser-continue-from", default=None,
                   help="(parser) resume a predicted-tag parser checkpoint (with its optimizer state); "
                        "--parser-max-steps then counts from its first step")
    p.add_argument("--tagger-wordvec", default=None,
                   help="(tagger) train with these word vectors (a stanza .pretrain.pt from "
                        "scripts/train_word_vectors.py) into saved_models/pos_wv")
    p.add_argument("--package-gold-parser", action="store_true",
                   help="(package) ship the gold-tag parser (interim model)")
    p.add_argument("--fp32", action="store_true", help="(package) keep float32 weights (default: store float16)")
    p.add_argument("--drop-scores", action="store_true", help="(package) do not keep old scores")
    p.add_argument("--model-version", default="1.0.0")
    p.add_argument("--training-note", type=json.loads, default=None,
                   help="(package) JSON object merged into manifest['training']")
    args = p.parse_args()
    c = Ctx(args)
    for stage in args.stage:
        if stage == "all":
            stage_all(c)
        elif stage == "prepare":
            stage_prepare(c)
        elif stage == "tokenize":
            c.run("tokenize", tokenize_cmd(c))
        elif stage == "mwt":
            c.run("mwt", mwt_cmd(c))
        elif stage == "lemma":
            c.run("lemma", lemma_cmd(c))
        elif stage == "tagger":
            c.run("tagger", tagger_cmd(c))
        elif stage == "parser_gold":
            c.run("parser_gold", parser_cmd(c, True, args.gold_parser_max_steps))
        elif stage == "snapshot":
            snapshot_tagger(c)
        elif stage == "retag":
            snap = c.path(TAGGER_SNAPSHOT)
            retag(c, snap if os.path.exists(snap) else c.path(MODEL_FILES["pos.pt"]))
        elif stage == "parser":
            warm = c.path(GOLD_PARSER) if args.parser_warm_start else None
            if args.parser_continue_from:
                warm = os.path.abspath(args.parser_continue_from)
            c.run("parser", parser_cmd(c, False, args.parser_max_steps, warm))
        elif stage == "package":
            stage_package(c)
        elif stage == "evaluate":
            stage_evaluate(c)


if __name__ == "__main__":
    main()
