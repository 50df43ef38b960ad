"""Element rules, sidecar parsing and the sidecar -> frame-time mapping, without a browser."""

from __future__ import annotations

import json

import pytest

from blur.box import Box
from blur.config import from_dict
from blur.elements import check_coverage, element_boxes, selector_tracks
from blur.elements.rules import BUILTIN_BLUR, BUILTIN_OPT_OUT, ElementRules, attributes_used
from blur.elements.sidecar import Element, Node, Sidecar, SidecarError
from blur.errors import ConfigError

HTML, BODY = {"k": 1, "tag": "html"}, {"k": 2, "tag": "body"}


def header(**extra) -> dict:
    return {"format": "blur-elements", "version": 1, "selectors": list(BUILTIN_BLUR + BUILTIN_OPT_OUT),
            "attributes": sorted(attributes_used(BUILTIN_BLUR + BUILTIN_OPT_OUT) - {"id", "class"}),
            "heartbeat_ms": 250, **extra}


def element(k: int, tag: str, box, path=(HTML, BODY), **attrs) -> dict:
    return {"k": k, "tag": tag, "attrs": {a.rstrip("_").replace("_", "-"): v for a, v in attrs.items()}, "path": list(path),
            "box": list(box)}


def sidecar_text(samples: list[dict], **head) -> str:
    return "\n".join(json.dumps(x) for x in [header(**head), *samples]) + "\n"


def write(tmp_path, samples, **head):
    path = tmp_path / "s.jsonl"
    path.write_text(sidecar_text(samples, **head))
    return path


def snap(t: float, *elements: dict, viewport=(640, 360), dpr: float = 2.0) -> dict:
    return {"t": t, "viewport": list(viewport), "dpr": dpr, "elements": list(elements)}


def decide(rules: ElementRules, tag: str, path=(), **attrs):
    nodes = [Node(k=i + 1, tag=n["tag"], attrs=n.get("attrs", {})) for i, n in enumerate(path)]
    return rules.decision(Element(k=99, tag=tag, attrs={a.replace("_", "-"): v for a, v in attrs.items()},
                                  path=nodes, box=(0, 0, 1, 1)))[0]


# -- precedence and ancestors ------------------------------------------------------------------------

def test_precedence_opt_out_wins_blur_beats_unblur_nearest_ancestor_decides():
    rules = ElementRules(BUILTIN_BLUR + (".secret",), [".public", "#footer *"])
    block = {"tag": "div", "attrs": {"class": "rr-block"}}
    public = {"tag": "section", "attrs": {"class": "public"}}
    assert decide(rules, "input", type="password") is True
    assert decide(rules, "input", type="password", data_jam_blur="no") is False  # explicit opt-out wins
    assert decide(rules, "div", **{"class": "secret public"}) is True  # blur + unblur on one element -> blur
    assert decide(rules, "span", [block]) is True  # inherits the ancestor's blur
    assert decide(rules, "span", [block, public]) is False  # nearest ancestor (public) decides
    assert decide(rules, "span", [public, block]) is True  # nearest ancestor (rr-block) decides
    assert decide(rules, "b", [block, {"tag": "p", "attrs": {"data-jam-blur": "No"}}]) is False
    assert decide(rules, "span", [{"tag": "footer", "attrs": {"id": "footer"}}]) is False  # descendant selector
    assert decide(rules, "span") is None


def test_builtin_marks_and_private_inputs():
    rules = ElementRules(BUILTIN_BLUR)
    for tag, attrs in [("div", {"class": "fs-mask"}), ("div", {"data_hj_suppress": ""}),
                       ("div", {"data_dd_privacy": "mask"}), ("input", {"autocomplete": "cc-number"}),
                       ("input", {"autocomplete": "section-pay CC-CSC"}), ("input", {"name": "user_IBAN"}),
                       ("input", {"id": "cvv2"}), ("textarea", {"name": "accountNotes"}),
                       ("input", {"autocomplete": "one-time-code"}), ("span", {"class": "ph-no-capture"})]:
        assert decide(rules, tag, **attrs) is True, (tag, attrs)
    for tag, attrs in [("div", {"data_dd_privacy": "allow"}), ("input", {"type": "text", "name": "city"}),
                       ("div", {"id": "card-list"}), ("input", {"autocomplete": "email"})]:
        assert decide(rules, tag, **attrs) is not True, (tag, attrs)


def test_child_combinator_uses_the_recorded_chain():
    rules = ElementRules(["form.pay > input"])
    form = {"tag": "form", "attrs": {"class": "pay"}}
    assert decide(rules, "input", [form]) is True
    assert decide(rules, "input", [form, {"tag": "div"}]) is None


def test_unusable_selectors_are_config_errors_naming_the_key():
    for bad, why in [("label + input", "sibling"), ("li:nth-child(2)", "positional"), ("div[", "invalid CSS"),
                     (":-soup-contains('x')", "text is never recorded")]:
        with pytest.raises(ConfigError, match=rf"elements\.blur: .*{why}"):
            from_dict({"elements": {"blur": [bad]}})


def test_opted_out_child_is_cut_out_of_its_blurred_ancestor_and_blurred_grandchild_is_not(tmp_path):
    block = {"k": 3, "tag": "div", "attrs": {"class": "rr-block"}}
    hole = {"k": 4, "tag": "p", "attrs": {"data-jam-blur": "no"}}
    path = write(tmp_path, [snap(0, element(3, "div", (0, 0, 100, 100), class_="rr-block"),
                                 element(4, "p", (20, 20, 40, 40), path=(HTML, BODY, block), data_jam_blur="no"),
                                 element(5, "input", (25, 25, 10, 10), path=(HTML, BODY, block, hole),
                                         type="password"), viewport=(200, 200), dpr=1)])
    at = element_boxes(path, from_dict({}), 200, 200).at_time(0.0)
    mask = [[False] * 200 for _ in range(200)]
    for box in at.values():
        for y in range(box.y1, box.y2):
            for x in range(box.x1, box.x2):
                mask[y][x] = True
    assert mask[5][5] and mask[90][90]  # the block
    assert not mask[22][22] and not mask[55][55]  # the opted-out paragraph
    assert mask[30][30]  # the password field inside it


# -- geometry and time ---------------------------------------------------------------------------------

@pytest.mark.parametrize("dpr, viewport, video", [(2.0, (640, 360), (1280, 720)), (1.25, (1024, 576), (1280, 720)),
                                                  (1.25, (640, 400), (800, 500))])
def test_css_pixels_map_to_video_pixels_for_any_device_pixel_ratio(tmp_path, dpr, viewport, video):
    path = write(tmp_path, [snap(0, element(3, "input", (10.5, 20, 100, 30.2), type="password"),
                                 viewport=viewport, dpr=dpr)])
    at = element_boxes(path, from_dict({}), *video).at_time(0.0)
    scale = video[0] / viewport[0]
    (box,) = at.values()
    # Rounded outwards: the element's every pixel is inside.
    assert box.x1 <= 10.5 * scale < box.x1 + 1 and box.y1 <= 20 * scale < box.y1 + 1
    assert box.x2 - 1 < 110.5 * scale <= box.x2 and box.y2 - 1 < 50.2 * scale <= box.y2


def test_viewport_that_is_not_the_video_is_refused(tmp_path):
    path = write(tmp_path, [snap(0, viewport=(640, 480))])
    with pytest.raises(SidecarError, match=r"640x480 CSS px\) does not have the video's shape \(1280x720\)"):
        element_boxes(path, from_dict({}), 1280, 720)


def _moving(tmp_path, **config):
    """A password field at x=100 from 0 s, moved to x=300 at 1.0 s, gone at 2.0 s; heartbeats between."""
    field = lambda x: element(3, "input", (x, 50, 50, 20), type="password")  # noqa: E731
    samples = [snap(0, field(100)), {"t": 250}, {"t": 500}, {"t": 750}, snap(1000, field(300)), {"t": 1250},
               {"t": 1500}, {"t": 1750}, snap(2000), {"t": 2250}, {"t": 2500}, {"t": 2750}, {"t": 3000}]
    return element_boxes(write(tmp_path, samples), from_dict({"elements": config}), 1280, 720)


def test_step_hold_between_samples_and_tolerance_around_a_jump(tmp_path):
    boxes = _moving(tmp_path)
    assert [b.x1 for b in boxes.at_time(0.5).values()] == [200]
    assert [b.x1 for b in boxes.at_time(1.5).values()] == [600]
    # Within the 40 ms tolerance of the jump, both places are covered.
    (around,) = boxes.at_time(1.02).values()
    assert around.x1 == 200 and around.x2 == 700
    (before,) = boxes.at_time(0.97).values()
    assert before.x1 == 200 and before.x2 == 700


def test_offset_lines_sidecar_time_up_with_video_time(tmp_path):
    boxes = _moving(tmp_path, offset=0.5)  # the capture started 0.5 s after the video
    assert [b.x1 for b in boxes.at_time(1.2).values()] == [200]
    assert [b.x1 for b in boxes.at_time(1.6).values()] == [600]


def test_hold_after_the_element_goes_and_before_it_appears(tmp_path):
    boxes = _moving(tmp_path)
    assert [b.x1 for b in boxes.at_time(2.2).values()] == [600]  # gone at 2.0 s, held 0.25 s
    assert boxes.at_time(2.3) == {}
    field = element(3, "input", (100, 50, 50, 20), type="password")
    late = element_boxes(write(tmp_path, [snap(0), {"t": 250}, {"t": 500}, {"t": 750}, snap(1000, field),
                                          {"t": 1250}]), from_dict({}), 1280, 720)
    assert late.at_time(0.70) == {} and list(late.at_time(0.80)) == ["3.0"]  # shown 0.25 s before


def test_close_samples_are_interpolated(tmp_path):
    field = lambda x: element(3, "input", (x, 50, 50, 20), type="password")  # noqa: E731
    boxes = element_boxes(write(tmp_path, [snap(0, field(0)), snap(100, field(100)), {"t": 300}]),
                          from_dict({"elements": {"tolerance": 0}}), 1280, 720)
    (box,) = boxes.at_time(0.05).values()
    # Held at x=0 (video 0-100) and interpolated half way to x=50 CSS px (video 100-200): covers both.
    assert (box.x1, box.x2) == (0, 200)
    (later,) = element_boxes(write(tmp_path, [snap(0, field(0)), snap(1000, field(100)), {"t": 1200}]),
                             from_dict({"elements": {"tolerance": 0}}), 1280, 720).at_time(0.5).values()
    assert (later.x1, later.x2) == (0, 100)  # samples far apart: the capture saw a jump, not a movement


def test_a_gap_in_the_sidecar_covers_the_whole_frame(tmp_path):
    field = element(3, "input", (100, 50, 50, 20), type="password")
    path = write(tmp_path, [snap(0, field), {"t": 250}, snap(3000, field), {"t": 3250}])
    config = from_dict({})
    boxes = element_boxes(path, config, 1280, 720)
    assert boxes.at_time(0.2) != {} and "gap" not in boxes.at_time(0.2)
    assert boxes.at_time(1.5) == {"gap": Box(0, 0, 1280, 720)}
    assert "gap" not in boxes.at_time(3.1)
    assert boxes.at_time(3.25 + 1.4) != {"gap": Box(0, 0, 1280, 720)}  # within max_gap of the last heartbeat
    assert boxes.at_time(3.25 + 1.6) == {"gap": Box(0, 0, 1280, 720)}  # the capture stopped long before the video
    times = [i / 10 for i in range(40)]
    tracks = selector_tracks(boxes, times)
    gap = [t for t in tracks if t.kind == "elements_gap"]
    assert len(gap) == 1 and gap[0].source == "failsafe"
    assert times[gap[0].first_frame] > 0.25 and times[gap[0].last_frame] < 3.0
    field_tracks = [t for t in tracks if t.source == "selector"]
    assert all(t.kind == "element" for t in field_tracks) and field_tracks


# -- malformed sidecars and coverage ---------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("", "empty; the first line must be the blur-elements header"),
    ('{"format": "rrweb"}\n', 'line 1: not a blur-elements sidecar'),
    ('{"format": "blur-elements", "version": 2}\n', "sidecar version 2 is not supported"),
    (json.dumps(header()) + "\n{\"t\": 0, \"viewport\": [640, 360], \"dpr\": 2, \"elements\": [{\"k\": 1}]}\n",
     "line 2: elements.0.tag: Field required"),
    (json.dumps(header()) + "\n{not json}\n", "line 2: not valid JSON"),
    (json.dumps(header()) + "\n" + json.dumps(snap(100)) + "\n" + json.dumps({"t": 50}) + "\n",
     "line 3: t goes back in time"),
    (json.dumps(header()) + "\n" + json.dumps({"t": 0, "elements": []}) + "\n", "line 2: a snapshot needs viewport"),
    (json.dumps(header()) + "\n{\"t\": 5}\n", "no snapshot lines"),
])
def test_malformed_sidecars_are_clear_errors(text, message):
    with pytest.raises(SidecarError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Sidecar.parse(text, "s.jsonl")


def test_sidecar_that_could_not_see_the_configs_selectors_is_refused():
    config = from_dict({"elements": {"blur": [".secret", "[data-tenant-private]"]}})
    with pytest.raises(SidecarError, match=r"did not look for 2 selector\(s\).*'\.secret'"):
        check_coverage(Sidecar.parse(sidecar_text([snap(0)])), config)
    with pytest.raises(SidecarError, match=r"did not record attribute\(s\) \['data-tenant-private'\]"):
        check_coverage(Sidecar.parse(sidecar_text([snap(0)], selectors=list(BUILTIN_BLUR + BUILTIN_OPT_OUT) + [
            ".secret", "[data-tenant-private]"])), config)


def test_builtin_selectors_are_usable():
    """Config loading trusts the built-ins without compiling them (start-up time): prove they compile."""
    from blur.elements.rules import compile_selector

    for selector in BUILTIN_BLUR + BUILTIN_OPT_OUT:
        compile_selector(selector)
