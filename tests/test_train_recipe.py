"""Training recipes: the built-in ones carry the seed models' setups; overrides are typed and
validated, and every mistake is one clear CurateError."""

from __future__ import annotations

import pytest

from curation.errors import CurateError
from curation.training.recipe import builtin_recipes, load_recipe, recipe_from_dict

ALL_PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def test_builtin_recipes_are_the_four_of_the_issue():
    assert builtin_recipes() == ["do-not-answer-qwen3-0.6b", "nariraksha-qwen2.5-3b", "rai-classifier-nemotron-4b", "tiny-cpu"]


def test_nariraksha_recipe_is_the_seed_setup():
    r = load_recipe("nariraksha-qwen2.5-3b")
    assert r.model.base == "Qwen/Qwen2.5-3B-Instruct"
    assert (r.model.quantization, r.model.double_quant) == ("nf4", True)
    assert (r.lora.r, r.lora.alpha) == (16, 32)
    assert r.lora.target_modules == ALL_PROJECTIONS
    assert r.training.max_steps == 100 and r.training.eval_every == 25


def test_rai_classifier_recipe_is_the_seed_setup():
    r = load_recipe("rai-classifier-nemotron-4b")
    assert (r.lora.r, r.lora.alpha, r.lora.dropout) == (64, 128, 0.05)
    assert r.lora.target_modules == ALL_PROJECTIONS
    assert (r.training.lr, r.training.scheduler, r.training.warmup_ratio) == (1e-4, "cosine", 0.05)
    assert r.training.batch_size * r.training.grad_accum == 64
    assert r.training.epochs == 1 and r.data.max_length == 4096


def test_do_not_answer_recipe_is_the_seed_setup():
    r = load_recipe("do-not-answer-qwen3-0.6b")
    assert r.model.base == "Qwen/Qwen3-0.6B"
    assert (r.model.quantization, r.model.double_quant, r.lora.r, r.lora.alpha) == ("nf4", True, 32, 64)
    assert r.data.chat_template_kwargs == {"enable_thinking": False}


def test_overrides_take_the_field_types():
    r = load_recipe("tiny-cpu", ["training.lr=2e-4", "data.packing=true", "lora.target_modules=q_proj,v_proj",
                                 "training.max_steps=null", "training.epochs=2", "model.base=/tmp/x"])
    assert r.training.lr == 2e-4 and isinstance(r.training.lr, float)
    assert r.data.packing is True
    assert r.lora.target_modules == ["q_proj", "v_proj"]
    assert r.training.max_steps is None
    assert r.training.epochs == 2.0
    assert r.model.base == "/tmp/x"


def test_recipe_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("model: {base: org/model}\nlora: {r: 4, alpha: 8}\ntraining: {lr: 1.0e-3}\n")
    r = load_recipe(str(path))
    assert (r.name, r.model.base, r.lora.r, r.training.lr) == ("mine", "org/model", 4, 1e-3)
    assert r.data.overflow == "error"  # defaults fill what the file leaves out


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (["training.lrr=1"], "--set training.lrr=1: training has an unknown field 'lrr'; use lr, scheduler, warmup_ratio"),
        (["optim.lr=1"], "--set optim.lr=1 has an unknown field 'optim'; use name, description, source, model, lora, data, training."),
        (["training.lr"], "expected KEY=VALUE"),
        (["training.lr=fast"], "--set training.lr=fast: training.lr is 'fast'; write a number."),
        (["training.batch_size=2.5"], "training.batch_size is 2.5; write a whole number."),
        (["training.batch_size=0"], "training.batch_size is 0; it must be greater than 0."),
        (["training.scheduler=step"], "training.scheduler is 'step'; use one of cosine, linear, constant, constant_with_warmup."),
        (["data.overflow=wrap"], "data.overflow is 'wrap'; use one of error, truncate, drop."),
        (["model.quantization=int3"], "model.quantization is 'int3'; use one of nf4, fp4, none."),
        (["lora.bias=some"], "lora.bias is 'some'; use one of none, all, lora_only."),
        (["training.warmup_ratio=1.5"], "training.warmup_ratio is 1.5; it must be less than 1."),
        (["training.weight_decay=-0.1"], "training.weight_decay is -0.1; it must be at least 0."),
        (["data.packing=maybe"], "data.packing is 'maybe'; write true or false."),
        (["model.base="], "model.base is ''; name a Hub id or a local model folder (--model or --set model.base=...)."),
        (["training.lr=null"], "training.lr is null; write a number."),
        (["lora.target_modules=[]"], "lora.target_modules is []; it must not be empty."),
        (["training=5"], "--set training=5: training is 5; write a mapping (key: value)."),
        (["training=5", "training.lr=1"], "--set training.lr=1: training is not a section"),
    ],
)
def test_bad_overrides_say_what_and_how(overrides, expected):
    with pytest.raises(CurateError) as err:
        load_recipe("tiny-cpu", overrides)
    assert expected in str(err.value) and "\n" not in str(err.value)


# A recipe file's mistakes, each one sentence naming the file, the section and the field.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("model: {base: org/m}\ntraining: {lr: fast}\n", "recipe {path}: training.lr is 'fast'; write a number."),
        ("model: {base: org/m, colour: blue}\n", "recipe {path}: model has an unknown field 'colour'; use base, revision, quantization"),
        ("model: {base: org/m}\nlora: {bias: lots}\n", "recipe {path}: lora.bias is 'lots'; use one of none, all, lora_only."),
        ("model: {revision: main}\n", "recipe {path}: model has no base; add base: a Hub id (Qwen/Qwen2.5-3B-Instruct) or a local model folder"),
        ("lora: {r: 4}\n", "recipe {path} has no model; add model: a section with base"),
        ("model: {base: org/m}\ndata: {eval_rows: 0}\n", "recipe {path}: data.eval_rows is 0; it must be greater than 0."),
    ],
)
def test_bad_recipe_files_name_file_section_and_field(tmp_path, text, expected):
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    with pytest.raises(CurateError) as err:
        load_recipe(str(path))
    assert expected.format(path=path) in str(err.value)


def test_a_file_mistake_names_the_file_even_with_overrides(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("model: {base: org/m}\ntraining: {scheduler: step}\n")
    with pytest.raises(CurateError, match=f"^recipe {path}: training.scheduler is 'step'"):
        load_recipe(str(path), ["training.lr=1e-3"])


def test_none_means_null_only_for_optional_numbers():
    r = load_recipe("tiny-cpu", ["training.max_steps=none", "model.quantization=none", "lora=null"])
    assert (r.training.max_steps, r.model.quantization, r.lora.r) == (None, "none", 16)


def test_unknown_recipe_lists_the_builtins():
    with pytest.raises(CurateError, match="unknown recipe 'qwen-72b'; use one of do-not-answer-qwen3-0.6b, nariraksha"):
        load_recipe("qwen-72b")


def test_missing_and_broken_recipe_files(tmp_path):
    with pytest.raises(CurateError, match="does not exist"):
        load_recipe(str(tmp_path / "nope.yaml"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("model: {base: [unclosed\n")
    with pytest.raises(CurateError, match="not valid YAML"):
        load_recipe(str(broken))
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("just a string\n")
    with pytest.raises(CurateError, match="is 'just a string'; write a mapping"):
        load_recipe(str(scalar))


def test_unknown_section_and_non_mapping_section():
    with pytest.raises(CurateError, match="recipe has an unknown field 'optimizer'; use name, description, source, model, lora, data, training."):
        recipe_from_dict({"name": "x", "model": {"base": "a/b"}, "optimizer": {}})
    with pytest.raises(CurateError, match=r"recipe: lora is 16; write a mapping \(key: value\)."):
        recipe_from_dict({"name": "x", "model": {"base": "a/b"}, "lora": 16})


def test_resolved_config_round_trips():
    r = load_recipe("rai-classifier-nemotron-4b", ["training.seed=7"])
    again = recipe_from_dict(r.to_dict())
    assert again == r
