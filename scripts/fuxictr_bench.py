#!/usr/bin/env python3
"""One backbone trained with FuxiCTR 2.3.10 (or, with --model torch-din, a hand-written PyTorch
DIN) on the rows hitlbm's export-samples wrote, at hitlbm's settings. Prints one JSON line: per-epoch
seconds (whole epoch incl. validation, and training alone), each epoch's validation AUC, test AUC.

A side tool for scripts/bench-vs-fuxictr.sh; never part of the Java build. The timed loop is
FuxiCTR's own BaseModel.fit / train_epoch; only the input side is ours: FuxiCTR's FeatureMap is
built directly and batches are slices of tensors held in memory (FuxiCTR 2.3.10's CSV path writes
parquet and reads it through Ray, which would add several processes on a 2-core machine; hitlbm
also assembles its batches in-process). Each model's settings and what differs from hitlbm's are
in CONFIGS below.
"""
import argparse, importlib.util, json, math, os, sys, time
from collections import OrderedDict

import numpy as np
import torch
from torch import nn

DIM = 32                      # hitlbm embeddingDim
BATCH, EVAL_BATCH = 256, 2048  # hitlbm train.batchSize and NeuralCtrModel.EVAL_BATCH
LR = 1e-3                     # hitlbm's default learning rate (Adam, cosine decay to 1% over all steps)
MAX_LEN = 5                   # recent behaviours per row
ITEM, CAT = ("item_id", "category"), ("hist_item_id", "hist_category")
DNN = [200, 80]               # hitlbm hiddenUnits (dropout 0, no batch norm)

# FuxiCTR model class (zoo path) and params. Shared by all: embedding_dim 32, lr 1e-3, batch 256,
# net_dropout 0, batch_norm False, no embedding/net regularizer (hitlbm train.l2 = 0); the recent
# items and categories share the target tables; the rating embedding is added onto each recent
# item (fold_rating), as hitlbm does. Non-sequence models see each history field mean-pooled as a
# field of its own (7 fields, as hitlbm). Differences common to all: FuxiCTR clips gradients at
# norm 10 (hitlbm: no clipping); FuxiCTR's first-order term (DeepFM, xDeepFM, FiBiNET) sums a
# scalar per recent item *and* recent category, hitlbm averages the recent items' only.
CONFIGS = {
    # same: [q,k,q-k,q*k] attention unit 80,40 with Dice, no softmax, Dice head 200,80 on
    # user + target + pooled history. differs: hitlbm's Dice leaves padded behaviours out of the
    # attention unit's batch statistics and uses running-stat momentum 0.1 (FuxiCTR: 0.01).
    "din": ("DIN/src/DIN.py", "DIN", dict(
        dnn_hidden_units=DNN, dnn_activations="Dice", attention_hidden_units=[80, 40],
        attention_hidden_activations="Dice", din_use_softmax=False,
        din_target_field=[ITEM], din_sequence_field=[CAT])),
    # same: GRU extractor and AUGRU evolution of width 64 (= 2 x 32, hitlbm gruUnits 64), DIN-style
    # attention 80,40 Dice with softmax, aux loss off, Dice head 200,80.
    # differs: hitlbm projects the target into the GRU state space before attending and also feeds
    # the mean behaviour to the head; FuxiCTR attends with the raw target and skips empty histories.
    "dien": ("DIEN/src/DIEN.py", "DIEN", dict(
        dnn_hidden_units=DNN, dnn_activations="Dice", gru_type="AUGRU", enable_sum_pooling=False,
        attention_type="din_attention", attention_hidden_units=[80, 40], attention_activation="Dice",
        use_attention_softmax=True, aux_loss_alpha=0,
        dien_target_field=[ITEM], dien_sequence_field=[CAT], dien_neg_seq_field=[])),
    # same: 3 full-rank cross layers beside a ReLU DNN 200,80, one linear logit on both.
    "dcnv2": ("DCNv2/src/DCNv2.py", "DCNv2", dict(
        model_structure="parallel", num_cross_layers=3, parallel_dnn_hidden_units=DNN)),
    # same: FM (linear + pairwise inner products) + ReLU DNN 200,80.
    "deepfm": ("DeepFM/DeepFM_torch/src/DeepFM.py", "DeepFM", dict(hidden_units=DNN)),
    # same: linear + CIN 50,50 (plain, no split-half) + ReLU DNN 200,80.
    "xdeepfm": ("xDeepFM/src/xDeepFM.py", "xDeepFM", dict(
        cin_hidden_units=[50, 50], dnn_hidden_units=DNN)),
    # same as hitlbm's defaults: 3 layers, 1 head of 64, residual (W_res where widths differ),
    # scaled dot product, no DNN, no wide part. FuxiCTR's own defaults differ a lot: 2 layers,
    # attention_dim 8, use_scale False and a 64,64,64 DNN (i.e. AutoInt+), so a FuxiCTR AutoInt
    # run at its defaults is a different model.
    "autoint": ("AutoInt/src/AutoInt.py", "AutoInt", dict(
        attention_layers=3, num_heads=1, attention_dim=64, use_residual=True, use_scale=True,
        use_wide=False, layer_norm=False, dnn_hidden_units=[])),
    # same: SENET to 4 units (hitlbm: round(7 x 0.5); FuxiCTR: int(7 / 1.75)) with ReLU excitation,
    # field_all bilinear on original and re-weighted fields, ReLU DNN 200,80.
    # differs: FuxiCTR adds a first-order (LR) logit, hitlbm has none.
    "fibinet": ("FiBiNET/src/FiBiNET.py", "FiBiNET", dict(
        hidden_units=DNN, reduction_ratio=1.75, bilinear_type="field_all",
        excitation_activation="ReLU")),
    # same: 2 graph steps with per-layer matrices, shared GRU cell, residual.
    # differs: attentional scoring's node weights come from all nodes flattened (FuxiCTR) rather
    # than per node (hitlbm), and the per-node score has no bias.
    "fignn": ("FiGNN/src/FiGNN.py", "FiGNN", dict(
        gnn_layers=2, use_residual=True, use_gru=True, reuse_graph_layer=False)),
}
SEQUENCE_MODELS = ("din", "dien")


def read_split(path, rows=None):
    """One exported CSV as {column: tensor}; sequences left-padded to MAX_LEN, oldest first (hitlbm's order)."""
    import csv
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        data = [r for _, r in zip(range(rows or sys.maxsize), reader)]
    out = {}
    for j, name in enumerate(header):
        if name.startswith("hist_"):
            seq = np.zeros((len(data), MAX_LEN), dtype=np.int64)
            for i, r in enumerate(data):
                if r[j]:
                    v = [int(x) for x in r[j].split("^")][-MAX_LEN:]
                    seq[i, MAX_LEN - len(v):] = v
            out[name] = torch.from_numpy(seq)
        elif name not in ("timestamp", "user_id"):  # hitlbm embeds neither
            out[name] = torch.tensor([int(r[j]) for r in data], dtype=torch.int64)
    out["label"] = out["label"].float()
    return out


class Batches:
    """FuxiCTR's data-generator contract (len() and iteration over dicts of tensors), reshuffled every epoch."""
    def __init__(self, cols, batch_size, shuffle):
        self.cols, self.batch_size, self.shuffle = cols, batch_size, shuffle
        self.n = len(cols["label"])

    def __len__(self):
        return math.ceil(self.n / self.batch_size)

    def __iter__(self):
        order = torch.randperm(self.n) if self.shuffle else None
        for s in range(0, self.n, self.batch_size):
            if order is None:
                yield {k: v[s:s + self.batch_size] for k, v in self.cols.items()}
            else:
                idx = order[s:s + self.batch_size]
                yield {k: v[idx] for k, v in self.cols.items()}


def vocabularies(data_dir):
    import csv
    with open(os.path.join(data_dir, "vocabularies.csv")) as f:
        return {r["feature"]: int(r["rows"]) for r in csv.DictReader(f)}


def feature_map(vocab, pooled, work_dir):
    """FuxiCTR FeatureMap as its FeatureProcessor would write it for these columns (0 = padding)."""
    from fuxictr.features import FeatureMap
    fmap = FeatureMap("ml100k_hitlbm", work_dir)
    cat = lambda source, v: {"source": source, "type": "categorical", "vocab_size": v, "padding_idx": 0}
    seq = lambda v, **kw: dict({"source": "item", "type": "sequence", "vocab_size": v, "max_len": MAX_LEN,
                                "padding_idx": 0}, **kw,
                               **({"feature_encoder": "layers.MaskedAveragePooling()"} if pooled else {}))
    fmap.features = OrderedDict([
        ("item_id", cat("item", vocab["item_id"])), ("category", cat("item", vocab["category"])),
        ("gender", cat("user", vocab["gender"])), ("age", cat("user", vocab["age"])),
        ("occupation", cat("user", vocab["occupation"])),
        ("hist_item_id", seq(vocab["item_id"], share_embedding="item_id")),
        ("hist_category", seq(vocab["category"], share_embedding="category")),
        # folded into hist_item_id (fold_rating), so it adds no width and no field of its own
        ("hist_rating", seq(vocab["rating"], emb_output_dim=0))])
    fmap.labels = ["label"]
    fmap.default_emb_dim = DIM
    fmap.set_column_index()
    fmap.num_fields = len(fmap.features) - 1
    return fmap


def fold_rating(module, args, out):
    """Forward hook on FuxiCTR's FeatureEmbeddingDict: hitlbm adds the rating embedding onto each
    recent item's (for pooled fields mean(item) + mean(rating) = mean(item + rating), same mask).
    The first-order tables (dim 1) drop it: hitlbm's first-order term has no rating."""
    rating = out.pop("hist_rating", None)
    if rating is not None and module.embedding_layers["hist_rating"].embedding_dim > 1:
        out["hist_item_id"] = out["hist_item_id"] + rating
    return out


def load_zoo_model(zoo, rel_path, cls_name):
    path = os.path.join(zoo, "model_zoo", rel_path)
    spec = importlib.util.spec_from_file_location("zoo_" + cls_name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return getattr(mod, cls_name)


def cosine(optimizer, total_steps):
    """hitlbm's schedule (DJL CosineTracker): lr to 1% of its start over all steps, per step."""
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps, eta_min=LR * 0.01)
    optimizer.register_step_post_hook(lambda *_: sched.step())


def run_fuxictr(args, train, valid, test, vocab, work_dir):
    from fuxictr.pytorch.models import BaseModel
    from fuxictr.pytorch.layers import FeatureEmbeddingDict
    rel, cls_name, params = CONFIGS[args.model]
    Model = load_zoo_model(args.zoo, rel, cls_name)
    if args.model == "dien":
        # the zoo's DIEN still has the pre-2.3 add_loss(inputs); with the aux loss off it equals
        # BaseModel's add_loss(return_dict, y_true), which 2.3.10's compute_loss calls
        Model = type("DIEN", (Model,), {"add_loss": BaseModel.add_loss})
    fmap = feature_map(vocab, args.model not in SEQUENCE_MODELS, work_dir)
    model = Model(fmap, model_id=cls_name, gpu=-1, embedding_dim=DIM, learning_rate=LR, net_dropout=0,
                  batch_norm=False, embedding_regularizer=None, net_regularizer=None,
                  optimizer="adam", loss="binary_crossentropy", metrics=["AUC", "logloss"],
                  monitor="AUC", monitor_mode="max", early_stop_patience=99, save_best_only=True,
                  reduce_lr_on_plateau=False,  # the cosine schedule replaces it, as in hitlbm
                  model_root=os.path.join(work_dir, "checkpoints"), verbose=0, **params)
    for m in model.modules():
        if isinstance(m, FeatureEmbeddingDict):
            m.register_forward_hook(fold_rating)
            for name, emb in m.embedding_layers.items():
                if not isinstance(emb, nn.Embedding):
                    continue
                with torch.no_grad():
                    if emb.embedding_dim == 1:
                        # first-order scalars start at 0 as in hitlbm. Needed beyond matching: FuxiCTR's
                        # LogisticRegression builds unshared tables but init_weights() skips every feature
                        # with share_embedding, so hist_item_id / hist_category keep nn.Embedding's N(0, 1)
                        # and their summed scalars add logit noise of std ~3 at the start
                        nn.init.zeros_(emb.weight)
                    elif "share_embedding" not in fmap.features[name]:
                        nn.init.normal_(emb.weight[1:], std=0.01)  # hitlbm's N(0, 0.01) (FuxiCTR: std 1e-4)
    os.makedirs(model.model_dir, exist_ok=True)
    train_gen = Batches(train, BATCH, True)
    cosine(model.optimizer, len(train_gen) * args.epochs)

    epoch_s, eval_s, val_aucs = [], [], []
    train_epoch, eval_step, keep = model.train_epoch, model.eval_step, model.checkpoint_and_earlystop

    def timed_eval_step():  # validation, checkpoint and early-stop bookkeeping
        t = time.perf_counter()
        eval_step()
        eval_s.append(time.perf_counter() - t)

    def timed_train_epoch(gen):
        t = time.perf_counter()
        train_epoch(gen)
        epoch_s.append(time.perf_counter() - t)

    def noted_checkpoint(logs, **kw):  # each epoch's validation AUC, for the report
        val_aucs.append(logs["AUC"])
        keep(logs, **kw)

    model.eval_step, model.train_epoch = timed_eval_step, timed_train_epoch
    model.checkpoint_and_earlystop = noted_checkpoint
    model.fit(train_gen, epochs=args.epochs, validation_data=Batches(valid, EVAL_BATCH, False))
    tst = model.evaluate(Batches(test, EVAL_BATCH, False))
    return epoch_s, [e - v for e, v in zip(epoch_s, eval_s)], val_aucs, tst["AUC"]


class Dice(nn.Module):
    """hitlbm's Dice: p = sigmoid(BN(x)) without affine, y = p x + (1 - p) alpha x; torch momentum
    0.1 is DJL's 0.9, as hitlbm uses. (hitlbm also keeps padded behaviours out of the statistics.)"""
    def __init__(self, units):
        super().__init__()
        self.bn = nn.BatchNorm1d(units, affine=False, eps=1e-8, momentum=0.1)
        self.alpha = nn.Parameter(torch.zeros(units))

    def forward(self, x):
        p = torch.sigmoid(self.bn(x.reshape(-1, x.shape[-1]))).reshape(x.shape)
        return p * x + (1 - p) * self.alpha * x


def mlp(units, act):
    layers = []
    for a, b in zip(units[:-1], units[1:]):
        layers += [nn.Linear(a, b), act(b)]
    return nn.Sequential(*layers, nn.Linear(units[-1], 1))


class TorchDin(nn.Module):
    """hitlbm's DIN in plain PyTorch: same fields and tables, rating added onto the recent items,
    attention [q, k, q-k, q*k] -> 80,40 Dice -> weight (no softmax, padding zeroed), Dice head 200,80
    on user + target + pooled behaviours."""
    def __init__(self, vocab):
        super().__init__()
        t = lambda n: nn.Embedding(vocab[n], DIM)
        self.tables = nn.ModuleDict({n: t(n) for n in ("item_id", "category", "gender", "age", "occupation", "rating")})
        for e in self.tables.values():
            nn.init.normal_(e.weight, std=0.01)
        self.attention = mlp([4 * 2 * DIM, 80, 40], Dice)
        self.head = mlp([7 * DIM] + DNN, Dice)

    def forward(self, b):
        T = self.tables
        target = torch.cat([T["item_id"](b["item_id"]), T["category"](b["category"])], -1)
        user = torch.cat([T[n](b[n]) for n in ("gender", "age", "occupation")], -1)
        mask = (b["hist_item_id"] > 0).float()
        keys = torch.cat([T["item_id"](b["hist_item_id"]) + T["rating"](b["hist_rating"]),
                          T["category"](b["hist_category"])], -1) * mask.unsqueeze(-1)
        q = target.unsqueeze(1).expand_as(keys)
        w = self.attention(torch.cat([q, keys, q - keys, q * keys], -1)).squeeze(-1) * mask
        pooled = (keys * w.unsqueeze(-1)).sum(1)
        return self.head(torch.cat([user, target, pooled], -1)).squeeze(-1)


def run_torch_din(args, train, valid, test, vocab):
    from sklearn.metrics import roc_auc_score
    model = TorchDin(vocab)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    gen = Batches(train, BATCH, True)
    cosine(opt, len(gen) * args.epochs)
    loss_fn = nn.BCEWithLogitsLoss()

    def auc(cols):
        model.eval()
        with torch.no_grad():
            p = torch.cat([torch.sigmoid(model(b)) for b in Batches(cols, EVAL_BATCH, False)])
        model.train()
        return roc_auc_score(cols["label"].numpy(), p.numpy())

    epoch_s, train_s, val_aucs, best_state = [], [], [], None
    for _ in range(args.epochs):
        t = time.perf_counter()
        for b in gen:
            opt.zero_grad()
            loss_fn(model(b), b["label"]).backward()
            opt.step()
        t_train = time.perf_counter()
        a = auc(valid)
        if a > max(val_aucs, default=-1):  # hitlbm keeps the best epoch's weights
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        val_aucs.append(a)
        epoch_s.append(time.perf_counter() - t)
        train_s.append(t_train - t)
    model.load_state_dict(best_state)
    return epoch_s, train_s, val_aucs, auc(test)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True, help="export-samples output: train/valid/test/vocabularies.csv")
    p.add_argument("--model", required=True, choices=list(CONFIGS) + ["torch-din"])
    p.add_argument("--zoo", help="folder holding FuxiCTR's model_zoo/ (a FuxiCTR git checkout)")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rows", type=int, help="only the first N training rows (development runs)")
    p.add_argument("--work", default="/tmp/fuxictr-bench", help="FuxiCTR checkpoints go here")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    import logging
    logging.basicConfig(level=logging.WARNING)  # FuxiCTR logs every step at INFO
    vocab = vocabularies(args.data)
    train = read_split(os.path.join(args.data, "train.csv"), args.rows)
    valid = read_split(os.path.join(args.data, "valid.csv"))
    test = read_split(os.path.join(args.data, "test.csv"))
    if args.model == "torch-din":
        epoch_s, train_s, val_aucs, test_auc = run_torch_din(args, train, valid, test, vocab)
    else:
        os.makedirs(args.work, exist_ok=True)
        epoch_s, train_s, val_aucs, test_auc = run_fuxictr(args, train, valid, test, vocab, args.work)
    print(json.dumps({"model": args.model, "train_rows": len(train["label"]), "epoch_seconds": epoch_s,
                      "train_seconds": train_s, "val_auc_per_epoch": val_aucs, "test_auc": test_auc,
                      "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
