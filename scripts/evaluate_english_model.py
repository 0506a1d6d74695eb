#!/usr/bin/env python
"""End-to-end evaluation of the packaged English model (en_ewt_compact) on UD English-EWT.

What is measured, per split (test by default, dev too with --splits test,dev):

* END TO END from raw text: the raw text is rebuilt from the gold file's ``# text``
  comments: sentences of one paragraph joined by a space, paragraphs (``# newpar``) and
  documents (``# newdoc``) separated by a blank line (stanza's tokenizer treats a blank
  line as a paragraph break, nothing else is given away).  The whole split is fed to the
  pipeline (tokenize, mwt, pos, lemma, depparse) as one text, the output is written as
  CoNLL-U and scored against the gold file with the CoNLL 2018 shared task scorer that
  stanza uses (``udtools.udeval``, imported by stanza.models.common.utils).  Printed:
  Tokens, Sentences, Words, UPOS, XPOS, UFeats, Lemmas, UAS, LAS (F1).
* per-deprel LAS (F1) for nsubj ccomp parataxis obj obl appos, end to end, computed with
  the same scorer by restricting its CLAS filter to one relation at a time (so it is
  "LAS restricted to gold/system words with that deprel", subtypes ignored as in LAS).
* GOLD TOKENIZATION (tokenize_pretokenized=True on the gold words, no mwt step): UPOS,
  UAS, LAS, and the speech-verb metric: over sentences whose gold root lemma is a speech
  verb (SPEECH_VERBS) and that have an nsubj/nsubj:pass dependent of the root, the share
  where the predicted root is that word AND every gold nsubj of the root is attached to
  it with deprel nsubj*.  Root-only accuracy over all speech-verb-root sentences is also
  given.

Results are printed and written to --out (JSON); with --write-manifest they are also stored
under the key "scores" of <model-dir>/manifest.json.
"""

import argparse
import io
import json
import os
import re
import sys
import time

SPEECH_VERBS = sorted(set("""
say tell add report quote announce claim state warn write explain note ask insist deny
reply respond suggest argue acknowledge admit confirm declare comment mention predict
promise reveal stress urge answer allege assert conclude complain caution emphasize
emphasise observe recall remark repeat tweet testify disclose indicate inform notify
agree describe estimate propose recommend demand threaten vow boast joke shout whisper
""".split()))

DEPRELS = ["nsubj", "ccomp", "parataxis", "obj", "obl", "appos"]


def load_pipeline(model_dir, pretokenized=False, extra=None):
    import stanza
    md = os.path.abspath(model_dir)
    procs = "tokenize,pos,lemma,depparse" if pretokenized else "tokenize,mwt,pos,lemma,depparse"
    kw = dict(lang="en", dir=md, allow_unknown_language=True, download_method=None,
              processors=procs, logging_level="WARN",
              tokenize_model_path=os.path.join(md, "tokenize.pt"),
              mwt_model_path=os.path.join(md, "mwt.pt"),
              pos_model_path=os.path.join(md, "pos.pt"),
              lemma_model_path=os.path.join(md, "lemma.pt"),
              depparse_model_path=os.path.join(md, "depparse.pt"),
              use_gpu=False)
    if os.path.exists(os.path.join(md, "pretrain.pt")):
        kw["pos_pretrain_path"] = kw["depparse_pretrain_path"] = os.path.join(md, "pretrain.pt")
    if pretokenized:
        kw["tokenize_pretokenized"] = True
    if extra:
        kw.update(extra)
    return stanza.Pipeline(**kw)


def read_conllu_sentences(path):
    """Yield (comments, lines) per sentence."""
    sent_comments, sent_lines = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if sent_lines:
                    yield sent_comments, sent_lines
                sent_comments, sent_lines = [], []
            elif line.startswith("#"):
                sent_comments.append(line)
            else:
                sent_lines.append(line.split("\t"))
    if sent_lines:
        yield sent_comments, sent_lines


def raw_text(path):
    paragraphs, cur = [], []
    for comments, _ in read_conllu_sentences(path):
        text = None
        brk = False
        for c in comments:
            if re.match(r"#\s*newdoc", c) or re.match(r"#\s*newpar", c):
                brk = True
            m = re.match(r"#\s*text\s*=\s*(.*)$", c)
            if m:
                text = m.group(1)
        if brk and cur:
            paragraphs.append(" ".join(cur))
            cur = []
        cur.append(text)
    if cur:
        paragraphs.append(" ".join(cur))
    return "\n\n".join(paragraphs)


def gold_words(path):
    sents = []
    for _, lines in read_conllu_sentences(path):
        words = [l for l in lines if re.fullmatch(r"\d+", l[0])]
        sents.append(words)
    return sents


def doc_to_conllu(doc, text=None):
    """CoNLL-U of a stanza Document.  Stanza's tokenizer writes '<UNK>' as the text of a
    very long token (e.g. a 470-character URL in EWT test) while its character offsets stay
    right; with ``text`` given, such token texts are restored from the raw text so that the
    scorer can align the files (this changes no tokenization decision)."""
    from stanza.utils.conll import CoNLL
    out = io.StringIO()
    sents = doc.to_dict()
    if text is not None:
        for sent in sents:
            for entry in sent:
                st, en = entry.get("start_char"), entry.get("end_char")
                if st is not None and en is not None and entry.get("text") != text[st:en]:
                    entry["text"] = text[st:en]
    for sent in CoNLL.convert_dict(sents):
        for tok in sent:
            out.write("\t".join(tok) + "\n")
        out.write("\n")
    return out.getvalue()


def score(gold_path, system_text):
    from udtools import udeval
    gold = udeval.load_conllu_file(gold_path)
    system = udeval.load_conllu(io.StringIO(system_text), "system", {})
    ev = udeval.evaluate(gold, system)
    res = {k: round(100 * ev[k].f1, 2) for k in
           ["Tokens", "Sentences", "Words", "UPOS", "XPOS", "UFeats", "AllTags", "Lemmas",
            "UAS", "LAS", "CLAS", "MLAS", "BLEX"]}
    per = {}
    for rel in DEPRELS:
        for ud in (gold, system):
            for w in ud.words:
                w.is_content_deprel = w.columns[udeval.DEPREL] == rel
        e = udeval.evaluate(gold, system)["CLAS"]
        per[rel] = {"f1": round(100 * e.f1, 2), "precision": round(100 * e.precision, 2),
                    "recall": round(100 * e.recall, 2), "gold": e.gold_total}
    res["per_deprel_LAS"] = per
    return res


def speech_verb_metric(gold_sents, pred_doc):
    total_root = correct_root = 0
    total = correct = 0
    examples = []
    for gsent, psent in zip(gold_sents, pred_doc.sentences):
        pwords = psent.words
        assert len(pwords) == len(gsent), "pretokenized word count mismatch"
        root = [w for w in gsent if w[6] == "0"]
        if len(root) != 1 or root[0][2].lower() not in SPEECH_VERBS:
            continue
        rid = int(root[0][0])
        proot_ok = pwords[rid - 1].head == 0
        total_root += 1
        correct_root += proot_ok
        subj = [int(w[0]) for w in gsent if w[6] == str(rid) and w[7].split(":")[0] == "nsubj"]
        if not subj:
            continue
        total += 1
        ok = proot_ok and all(pwords[s - 1].head == rid and pwords[s - 1].deprel.split(":")[0] == "nsubj"
                              for s in subj)
        correct += ok
        if not ok and len(examples) < 15:
            examples.append(" ".join(w[1] for w in gsent)[:200])
    return {
        "definition": "gold tokenization; sentences whose gold root lemma is a speech verb and "
                      "has an nsubj/nsubj:pass child; correct = predicted root is that word and "
                      "every gold nsubj of it is attached to it as nsubj*",
        "sentences": total, "correct": correct,
        "root_and_nsubj_accuracy": round(100 * correct / total, 2) if total else None,
        "root_only_sentences": total_root,
        "root_only_accuracy": round(100 * correct_root / total_root, 2) if total_root else None,
        "speech_verbs": SPEECH_VERBS,
        "failed_examples": examples,
    }


def evaluate_split(model_dir, ud_dir, split, pipe, pipe_pre, save_dir=None, max_sentences=None):
    gold_path = os.path.join(ud_dir, f"en_ewt-ud-{split}.conllu")
    res = {}
    if max_sentences:  # smoke tests only: score the first N sentences
        import tempfile
        sents = list(read_conllu_sentences(gold_path))[:max_sentences]
        with tempfile.NamedTemporaryFile("w", suffix=".conllu", delete=False) as f:
            for comments, lines in sents:
                f.write("".join(c + "\n" for c in comments) + "".join("\t".join(l) + "\n" for l in lines) + "\n")
            gold_path = f.name
        res["max_sentences"] = max_sentences
    text = raw_text(gold_path)
    t = time.time()
    doc = pipe(text)
    res["e2e_seconds"] = round(time.time() - t, 1)
    sys_conllu = doc_to_conllu(doc, text)
    if save_dir:
        with open(os.path.join(save_dir, f"{split}.e2e.pred.conllu"), "w") as f:
            f.write(sys_conllu)
    res["end_to_end"] = score(gold_path, sys_conllu)

    gsents = gold_words(gold_path)
    t = time.time()
    pdoc = pipe_pre([[w[1] for w in s] for s in gsents])
    res["gold_tok_seconds"] = round(time.time() - t, 1)
    pre_conllu = doc_to_conllu(pdoc)
    if save_dir:
        with open(os.path.join(save_dir, f"{split}.goldtok.pred.conllu"), "w") as f:
            f.write(pre_conllu)
    # gold tokenization: score against a gold file without MWT lines (we fed gold words)
    gold_nomwt = "".join(
        "\n".join(c for c in comments) + ("\n" if comments else "") +
        "".join("\t".join(l[:9] + ["_"]) + "\n" for l in lines if re.fullmatch(r"\d+", l[0])) + "\n"
        for comments, lines in read_conllu_sentences(gold_path))
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".conllu", delete=False) as f:
        f.write(gold_nomwt)
        tmp = f.name
    try:
        gt = score(tmp, pre_conllu)
    finally:
        os.unlink(tmp)
    res["gold_tokenization"] = {k: gt[k] for k in ["UPOS", "UAS", "LAS"]}
    res["gold_tokenization"]["per_deprel_LAS"] = {k: v["f1"] for k, v in gt["per_deprel_LAS"].items()}
    res["speech_verb_root_nsubj"] = speech_verb_metric(gsents, pdoc)
    return res


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", default=os.path.join(repo, "quoteattr/models/en_ewt_compact"))
    p.add_argument("--ud-dir", default=os.path.join(repo, "../shared/ud/UD_English-EWT"))
    p.add_argument("--splits", default="test", help="comma separated: test,dev")
    p.add_argument("--out", default=None, help="results JSON (default <model-dir>/../eval_<name>.json not written)")
    p.add_argument("--save-conllu", default=None, help="directory to write predicted CoNLL-U files")
    p.add_argument("--write-manifest", action="store_true", help="store results under manifest['scores']")
    p.add_argument("--max-sentences", type=int, default=None, help="smoke test on the first N sentences")
    p.add_argument("--label", default=None, help="free-text label stored with the results")
    args = p.parse_args()

    import torch
    torch.set_num_threads(1)
    import stanza
    if args.save_conllu:
        os.makedirs(args.save_conllu, exist_ok=True)

    pipe = load_pipeline(args.model_dir)
    pipe_pre = load_pipeline(args.model_dir, pretokenized=True)
    results = {"scorer": "CoNLL 2018 UD shared task scorer (udtools.udeval, as used by stanza %s)" % stanza.__version__,
               "input": "end_to_end: raw text rebuilt from '# text' comments, paragraphs/documents separated "
                        "by blank lines, whole split in one pipeline call; gold_tokenization: gold words, "
                        "tokenize_pretokenized=True",
               "threads": 1}
    if args.label:
        results["label"] = args.label
    for split in args.splits.split(","):
        r = evaluate_split(args.model_dir, args.ud_dir, split, pipe, pipe_pre, args.save_conllu, args.max_sentences)
        results[split] = r
        e = r["end_to_end"]
        print(f"== {split} (end to end from raw text)")
        print("  " + "  ".join(f"{k} {e[k]:.2f}" for k in ["Tokens", "Sentences", "Words", "UPOS", "XPOS", "UFeats", "Lemmas", "UAS", "LAS"]))
        print("  per-deprel LAS F1: " + "  ".join(f"{k} {v['f1']:.2f}" for k, v in e["per_deprel_LAS"].items()))
        g = r["gold_tokenization"]
        print(f"  gold tokenization: UPOS {g['UPOS']:.2f} UAS {g['UAS']:.2f} LAS {g['LAS']:.2f}")
        s = r["speech_verb_root_nsubj"]
        print(f"  speech-verb root+nsubj (gold tok): {s['correct']}/{s['sentences']} = {s['root_and_nsubj_accuracy']}%"
              f"   root only: {s['root_only_accuracy']}% of {s['root_only_sentences']}")
        print(f"  time: e2e {r['e2e_seconds']}s, gold tok {r['gold_tok_seconds']}s", flush=True)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)
    if args.write_manifest:
        mpath = os.path.join(args.model_dir, "manifest.json")
        manifest = json.load(open(mpath)) if os.path.exists(mpath) else {}
        manifest["scores"] = results
        with open(mpath, "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
        print(f"scores written to {mpath}")


if __name__ == "__main__":
    main()
