"""The analysis building blocks, on small synthetic images with known answers."""

from __future__ import annotations

import dataclasses

import numpy as np
from PIL import Image, ImageDraw

from blur.analysis.changes import changed_blocks, is_gradual, regions
from blur.analysis.crops import text_crops
from blur.analysis.motion import estimate, shift_area
from blur.box import Box
from scenes import font


def _page(lines: list[tuple[int, int, str]], size=(1280, 720)) -> np.ndarray:
    image = Image.new("L", size, 248)
    draw = ImageDraw.Draw(image)
    for x, y, text in lines:
        draw.text((x, y), text, font=font(18), fill=30)
    return np.asarray(image).copy()


def test_a_single_changed_pixel_is_seen():
    a = np.full((720, 1280), 200, np.uint8)
    b = a.copy()
    b[300, 641] = 170  # a typed "." is a few pixels: one must be enough
    cells = changed_blocks(b, a, 24)
    assert cells.sum() == 1
    assert regions(cells, 1280, 720) == [Box(632, 288, 656, 312)]
    b[300, 641] = 180  # within the threshold: noise
    assert changed_blocks(b, a, 24).sum() == 0


def test_an_l_of_changed_cells_is_not_read_as_the_whole_screen():
    # A grid scrolled diagonally under a frozen header row and first column: the header row and
    # the column change (the grid itself was followed); their bounding box is the whole screen.
    cells = np.zeros((90, 160), np.uint8)
    cells[0:6, :] = 1
    cells[6:, 0:30] = 1
    areas = regions(cells, 1280, 720, grow=0)
    assert sum(a.area for a in areas) == cells.sum() * 64  # exactly the changed cells
    assert Box(0, 0, 1280, 48) in areas and all(a.width <= 240 for a in areas if a.y1 >= 48)
    square = np.zeros((90, 160), np.uint8)
    square[10:20, 10:30] = 1
    square[14, 14] = 0  # a hole does not split a dense group
    assert regions(square, 1280, 720, grow=0) == [Box(80, 80, 240, 160)]


def test_crops_grow_to_the_whole_line_of_text():
    page = _page([(100, 100, "Email jane.roe@example.com"), (100, 300, "Unrelated line far below")])
    # One character's worth changed in the middle of the address.
    crops = text_crops(page, [Box(200, 100, 216, 120)], []).boxes
    assert len(crops) == 1
    crop = crops[0]
    assert crop.x1 <= 100 and crop.x2 >= 360 and crop.y2 < 300  # the whole line, not the one below


def test_motion_is_found_and_the_revealed_strip_reported():
    lines = [(60, 80 + 40 * n, f"Ticket {2000 + n}: printer offline since Monday") for n in range(20)]
    page = _page(lines, (1280, 1100))
    before, after = page[0:720].copy(), page[14:734].copy()  # scrolled down by 14 px
    area = Box(0, 60, 1280, 720)
    motion = estimate(before, after, area, 24)
    assert motion is not None and (motion.dx, motion.dy) == (0, -14)
    reference = before.copy()
    revealed = shift_area(reference, motion)
    assert any(r.y2 == motion.area.y2 and r.height == 14 for r in revealed)
    a = motion.area
    inner = np.s_[a.y1 : a.y2 - 14, a.x1 : a.x2]
    assert np.array_equal(reference[inner], after[inner])


SHEET = [(60 + 330 * c, 60 + 34 * r, f"{300 + 7 * r + c}-55-{4100 + 13 * r * (c + 1)}") for r in range(18) for c in range(3)]


def test_a_digit_changed_during_a_scroll_is_seen():
    """Scrolled content is compared within a pixel's tolerance (the encoder draws moving text a
    little differently each frame), not more: a digit that changed while the page scrolled is
    seen, either way round ("8" to "9" takes ink away, "9" to "8" adds it)."""
    changed = [(x, y, text.replace("4100", "4199")) for x, y, text in SHEET]
    for first, second in ((SHEET, changed), (changed, SHEET)):
        before = _page(first, (1280, 720))
        after = np.full_like(before, 248)
        after[:, :-9] = _page(second, (1280, 720))[:, 9:]  # scrolled 9 px to the left
        motion = estimate(before, after, Box(0, 40, 1280, 700), 24)
        assert motion is not None and (motion.dx, motion.dy) == (-9, 0)
        reference = before.copy()
        shift_area(reference, motion)
        found = regions(changed_blocks(after, reference, 24, [motion.area]), 1280, 720)
        # "300-55-4100" at (60, 60) moved to x 51: its last two digits are around x 140-165.
        assert any(box.y1 <= 70 <= box.y2 and box.x1 <= 160 and box.x2 >= 140 for box in found), found
        unchanged = [box for box in found if box.y1 > 100]
        assert unchanged == [], unchanged


def test_a_scrolling_panel_reaches_its_edges_not_just_its_last_line():
    """The moving area runs over the panel's blank margin to what did not move (a footer)."""
    lines = [(60, 100 + 40 * n, f"Ticket {2000 + n}: printer offline since Monday") for n in range(8)]
    content = _page(lines, (1280, 1000))

    def screen(offset: int) -> np.ndarray:
        image = np.full((720, 1280), 248, np.uint8)
        image[60:600] = content[offset : offset + 540]  # the panel; blank below its last line
        image[640:660, 100:900] = 60  # a fixed footer bar
        return image

    before, after = screen(0), screen(6)
    motion = estimate(before, after, Box(0, 60, 1280, 640), 24)
    assert motion is not None and (motion.dx, motion.dy) == (0, -6)
    last_line_bottom = 100 + 40 * 7 + 30
    assert motion.area.y2 > last_line_bottom + 100  # well past the last line...
    assert motion.area.y2 <= 640 - 6  # ...but the footer did not move
    # Top side: the panel's first line leaves at the header-less top of the view.
    assert motion.area.y1 <= 60


def test_new_content_is_not_mistaken_for_motion():
    a = _page([(60, 100 + 40 * n, f"Invoice {n} paid on 2026-01-0{n % 9 + 1}") for n in range(10)])
    b = _page([(300, 120 + 50 * n, f"Settings section {n}: notifications") for n in range(8)])
    assert estimate(a, b, Box(0, 60, 1280, 720), 24) is None


def test_a_fade_is_gradual_and_typing_is_not():
    light = _page([(60, 100, "Account overview")])
    dark = 255 - _page([(60, 200, "Payment methods")])  # a dark page fading in over the light one
    step = (0.9 * light + 0.1 * dark).astype(np.uint8)
    dimmed = (light * 0.93).astype(np.uint8)  # a modal's backdrop darkening the page
    assert is_gradual(step, light)
    assert is_gradual(dimmed, light)
    typed = _page([(60, 100, "Account overview"), (60, 140, "j")])
    assert not is_gradual(typed, light)
    switched = _page([(60, 300, "A whole new page of text")])  # a hard cut is not a fade either
    assert not is_gradual(switched, light)


def test_a_line_scrolling_into_view_is_read_once_whole():
    """A line entering at the view's edge is not read in every frame while it is cut (it is
    read whole), and a value on it is covered back to its first visible row of pixels."""
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer

    lines = [(60, 20 + 40 * n, f"Ticket {2000 + n}: printer offline since Monday") for n in range(30)]
    lines[20] = (60, 20 + 40 * 20, "Refund to jane.roe@example.com")
    content = _page(lines, (1280, 1300))
    analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
    read = analyzer.detector.read
    texts_read: list[int] = []  # per frame, the reads that found words

    def counting_read(gray):
        words = read(gray)
        texts_read[-1] += bool(words)
        return words

    analyzer.detector.read = counting_read
    speed, frames = 4, 60
    for i in range(frames):
        texts_read.append(0)
        screen = np.full((720, 1280), 248, np.uint8)
        screen[40:700] = content[i * speed : i * speed + 660]
        analyzer.feed(i, i / 30, screen, "yuvj420p")
    entered = speed * (frames - 1) // 40  # lines that scrolled in
    assert sum(texts_read[1:]) <= entered + 1  # each read once, not in each of its ~8 frames at the edge
    tracks = [t for t in analyzer.builder.tracks([i / 30 for i in range(frames)], 0.0, 0.0) if t.kind == "email"]
    assert len(tracks) == 1
    # Its first row of ink shows when the screen's bottom (y=700) reaches the line's top.
    ink_top = 20 + 40 * 20 + 3
    first_visible = next(i for i in range(frames) if i * speed + 660 > ink_top)
    assert tracks[0].first_frame <= first_visible


def test_two_tracks_with_the_same_box_do_not_crash_the_matcher():
    """Two detectors reporting one value at one place made two identical tracks;
    matching the next frame compared their numpy pixel references with ``==``
    and crashed the whole run (seen on a CI-log recording)."""
    from blur.analysis.onset import downscale
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    page = _page([(100, 100, "token=ghp_a8F3kQ9zX2mN7vB4cD6eR1tY5uI0oP3lK8j")])
    small = downscale(page)
    box = Box(160, 96, 620, 124)
    builder = TrackBuilder()
    for frame in range(3):
        builder.observe(frame, frame / 30, [Detection("secret", box), Detection("secret", box)], small)
    tracks = builder.tracks([n / 30 for n in range(3)], 0.0, 0.0)
    assert len(tracks) == 2 and all(t.first_frame == 0 and t.last_frame == 2 for t in tracks)


def test_leptonica_messages_are_silenced(tmp_path):
    """Leptonica's "Error in boxClipToRectangle" lines went to stderr even with --quiet."""
    import subprocess
    import sys

    script = (
        "import ctypes\n"
        "from blur.config import load\n"
        "from blur.ocr import create_engine\n"
        "from blur.ocr.leptonica import _loaded_leptonica\n"
        "create_engine(load(None).ocr)\n"
        "lib = ctypes.CDLL(_loaded_leptonica()[0])\n"
        "lib.boxCreate.restype = ctypes.c_void_p\n"
        "lib.boxClipToRectangle(ctypes.c_void_p(lib.boxCreate(100, 100, 10, 10)), 10, 10)\n"
        "print('ran')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ran"
    assert done.stderr == ""


def test_a_render_snapshot_gives_the_final_plan_s_boxes_for_its_frames():
    """Snapshots for the concurrent render hold only the keyframes of the frames they
    answer for (copying every keyframe each second was 40 % of a spreadsheet's run)."""
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    builder = TrackBuilder()
    times = [n / 30 for n in range(20)]
    for frame in range(20):  # a value scrolling 3 px a frame: a keyframe in every frame
        builder.observe(frame, times[frame], [Detection("email", Box(100, 400 - 3 * frame, 300, 420 - 3 * frame))])
    snapshot = builder.tracks(times, 0.1, 0.1, final=False, since=9, until=14)
    final = builder.tracks(times, 0.1, 0.1)
    assert len(snapshot) == len(final) == 1
    assert len(snapshot[0].frames) <= 6
    for frame in range(9, 15):
        assert snapshot[0].box_at(frame) == final[0].box_at(frame)


def test_a_scrolling_panel_ends_at_its_own_edge_not_the_page_below():
    """The bank's statement panel (a lighter box) stops with a name row cut at its bottom edge;
    its motion area ran on over the page's blank margin below, so the row was not seen as
    cut, and, read half, was no name."""
    lines = [(60, 100 + 40 * n, f"Jeanne Berg {n} DE85 0117 3210 5736 6990 61") for n in range(12)]
    content = _page(lines, (1280, 1000))
    content[content > 240] = 236  # the panel's own shade

    def screen(offset: int) -> np.ndarray:
        image = np.full((720, 1280), 223, np.uint8)  # the page around the panel
        image[60:440] = content[offset : offset + 380]
        image[660:720] = 216  # a footer bar
        return image

    before, after = screen(0), screen(6)
    motion = estimate(before, after, Box(0, 60, 1280, 700), 24)
    assert motion is not None and (motion.dx, motion.dy) == (0, -6)
    assert 430 <= motion.area.y2 <= 440  # the panel's edge, not the page's margin below it


def test_a_cut_line_is_covered_along_its_ink_not_the_whole_crop():
    """A crop spans a whole panel row; its line cut at the view's edge has ink only where its
    words are, and only that is covered (the rest of the row hides nothing)."""
    from blur.analysis.analyzer import _edge_line

    image = _page([(60, 100, "10.11.2023   Monthly statement for the account   +1,321.56"), (200, 130, "Jeanne Berg")])
    cut_at = 130 + 8  # the view's bottom edge runs through the second line
    image[cut_at:] = 248
    crop = Box(50, 95, 700, cut_at)
    line = _edge_line(image, crop, Box(0, 40, 1280, cut_at), line_height=20)
    assert line is not None and line.y2 == cut_at
    assert 190 <= line.x1 <= 200 and 300 <= line.x2 <= 330, line  # "Jeanne Berg", not the crop's 50..700


def test_a_cut_line_is_covered_while_the_view_rests_and_uncovered_once_scrolled_in_whole():
    """The view stops with a plain line cut at its bottom edge: covered (fail closed) while it
    rests; when the view scrolls on and the line is whole, it is read and the cover goes."""
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer

    lines = [(60, 20 + 40 * n, f"Ticket {2000 + n}: printer offline since Monday") for n in range(30)]
    content = _page(lines, (1280, 1400))
    analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
    # 4 px a frame for 12 frames (resting with a line's top 10 px in view), rest 8, 4 px a
    # frame for 10 more, rest 10.
    offsets = [4 * min(i, 12) + 4 * min(max(0, i - 20), 10) + 2 for i in range(40)]
    for i, offset in enumerate(offsets):
        screen = np.full((720, 1280), 248, np.uint8)
        screen[40:700] = content[offset : offset + 660]
        analyzer.feed(i, i / 30, screen, "yuvj420p")
    times = [i / 30 for i in range(40)]
    covers = [t for t in analyzer.builder.tracks(times, 0.0, 0.0) if t.source == "failsafe"]
    resting = [t for t in covers if t.first_frame <= 13 and t.last_frame >= 19]
    assert resting, "the line cut at the resting view's edge was not covered"
    # Scrolling on from frame 21 brings it in whole: read, plain, uncovered (the view then rests
    # with the next line cut, covered in its turn).
    assert all(t.last_frame <= 22 for t in resting), [(t.kind, t.first_frame, t.last_frame) for t in covers]


def test_a_fail_safe_cover_ends_when_the_analysis_stops_asking_for_it():
    """A cover for a line cut at a view's edge, moved inward by a scroll and then read whole,
    ends there: it does not linger while its pixels stay as they were (a plain CI log line
    stayed covered for 120 frames)."""
    from blur.analysis.motion import Motion
    from blur.analysis.onset import downscale
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    lines = [(60, 20 + 40 * n, f"09:12:04.{480 + n}  npm WARN deprecated glob@7.2.3") for n in range(20)]
    page = _page(lines, (1280, 900))
    builder = TrackBuilder()
    view = Box(0, 0, 1280, 720)
    cut = Box(40, 700, 700, 720)  # a line cut at the view's bottom edge
    for frame in range(3):
        builder.observe(frame, frame / 30, [Detection("unknown", cut, "failsafe")], downscale(page[:720]))
    builder.move(3, Motion(view, 0, -100))  # the log scrolls on: the line is whole now, and read
    for frame in range(3, 40):
        builder.observe(frame, frame / 30, [], downscale(page[100:820]))
    tracks = builder.tracks([n / 30 for n in range(40)], 0.0, 0.0)
    assert tracks and all(t.last_frame <= 3 for t in tracks), [(t.first_frame, t.last_frame) for t in tracks]


def test_a_small_change_on_long_lines_is_read_as_the_words_around_it():
    """A pointer passing over a long log line re-read the 900-px line in every frame; the
    words around it are enough, cut in gaps between words on every line it touches."""
    from blur.analysis.crops import text_ink

    words = "09:12:03.172 npm WARN deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported"
    page = _page([(40, 100, words), (40, 124, words.upper())])
    crops = text_crops(page, [Box(600, 100, 624, 140)], [])
    assert len(crops.parts) == 2 and crops.boxes == crops.parts  # a part on each line it touches
    ink = text_ink(page).astype(bool)
    for part in crops.parts:
        assert part.x1 <= 600 and part.x2 >= 624 and part.width < 250, part
        for edge in (part.x1, part.x2 - 1):  # neither side cuts a glyph
            assert not ink[part.y1 : part.y2, edge].any(), part
    # A short line is read whole, and so is one long word (a token cannot be read in parts).
    assert text_crops(_page([(40, 100, "Order 12345 shipped")]), [Box(100, 100, 124, 124)], []).parts == []
    token = _page([(40, 100, "sha256:5c305c7ad06363d6e8c0161279f2515477b3e7cc0405bd6bfa76bbb5636daf02")])
    assert text_crops(token, [Box(400, 100, 424, 124)], []).parts == []


def test_a_value_split_by_a_part_s_edge_is_still_found_whole():
    """Words re-read in a part of a line join the line of the words beside them: a phone
    number whose last group was re-read is still one number, covered whole."""
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer

    text = "2026-11-30 09:12:04 callback requested by customer at +1 415 555 0123 before noon today please"
    page = _page([(40, 100, text)])
    analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
    analyzer.feed(0, 0.0, page, "yuvj420p")
    first = [d for d in analyzer.detector.find(analyzer.screen.words) if d.kind == "phone"]
    assert len(first) == 1
    phone = first[0].box
    pointed = page.copy()
    pointed[104:116, phone.x2 - 20 : phone.x2 - 14] = 30  # a small mark on the last group, then gone
    analyzer.feed(1, 1 / 30, pointed, "yuvj420p")
    analyzer.feed(2, 2 / 30, page, "yuvj420p")
    assert analyzer.ocr_reads >= 2  # the part was read (twice: marked, then clean)
    found = [d for d in analyzer.detector.find(analyzer.screen.words) if d.kind == "phone"]
    assert len(found) == 1 and found[0].box.x1 <= phone.x1 + 2 and found[0].box.x2 >= phone.x2 - 2, (found, phone)


def test_every_line_still_scrolling_in_when_the_view_stops_is_covered_as_cut():
    """When a view stops (no strip scrolled in), each line it was still bringing in stays
    covered as cut, whether or not anything is read near it in that frame. A scroll ending
    by a pixel left nothing "changed" at its line (a pixel is within the tolerance for
    moved content) and the line was forgotten: the top half of an SSN showed for 12 frames
    on the dev set's spreadsheet."""
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer

    analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
    line, edge = Box(300, 1020, 420, 1035), Box(300, 1028, 346, 1035)
    analyzer._deferred = [(line, 3, edge, None)]
    clock = Box(1100, 0, 1200, 30)  # something else changed in the frame the view stopped
    luma = np.full((720, 1280), 248, np.uint8)
    read, deferred, cut = analyzer._defer_cut(10, luma, [clock], revealed=())
    assert read == [clock] and deferred == []
    assert cut == [edge]
    assert analyzer._deferred == []


def test_a_line_the_last_frames_of_a_scroll_brought_in_whole_is_not_covered_as_cut():
    """A line seen cut at a view's bottom edge, which the scroll's last frames then moved up
    clear of that edge, is whole when the view stops: it is read, not covered as cut (a CI
    log's last line stayed covered for 25 frames: its glyphs, without parentheses, were
    shorter than the screen's tallest lines). One still reaching the edge stays covered."""
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer

    text = "09:12:12.403 Deployment complete in 1m 22s"
    for lifted, covered in ((8, False), (0, True)):
        analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
        # Seen cut: its ink ran to row 706, the view's edge (below it, the same shade).
        analyzer._deferred = [(Box(40, 680, 900, 720), 3, Box(40, 690, 600, 720), ("y2", 706))]
        luma = _page([(60, 690 - lifted, text)])
        luma[706:] = 248  # the view ends at row 706: what lies below it is not shown
        _, _, cut = analyzer._defer_cut(10, luma, [], revealed=())
        assert (cut == [Box(40, 690, 600, 720)]) == covered, lifted


def test_an_iban_read_in_two_reads_is_one_line():
    """The right half of an IBAN was read as part of its line (a small change there); its
    left half, read later in a crop of its own, joins that line, and the IBAN is found whole
    (two line keys hid it from the recognizers: it leaked for 10 frames on the bank)."""
    from blur import load_config
    from blur.analysis.screen import ScreenText
    from blur.detect import OcrDetector
    from blur.ocr.engine import Word

    def words(texts, x, y, line):
        out = []
        for text in texts:
            out.append(Word(text, Box(x, y, x + 9 * len(text), y + 12), line, 95.0))
            x += 9 * len(text) + 8
        return out

    screen = ScreenText()
    screen.replace_part(Box(240, 400, 360, 420), [
        dataclasses.replace(w, box=w.box.translate(-240, -400)) for w in words(["4587", "3818", "5406"], 244, 403, (0, 0, 0))])
    screen.replace(Box(130, 398, 240, 418), [
        dataclasses.replace(w, box=w.box.translate(-130, -398)) for w in words(["ES78", "3468", "9973"], 140, 403, (0, 0, 0))])
    assert len({w.line for w in screen.words}) == 1
    found = OcrDetector(load_config()).find(screen.words)
    assert [d.kind for d in found] == ["iban"] and found[0].box.x1 <= 140 and found[0].box.x2 >= 340, found
    # Words of another line further along the row keep their own line.
    screen.replace(Box(600, 398, 700, 418), [
        dataclasses.replace(w, box=w.box.translate(-600, -398)) for w in words(["Pending"], 610, 403, (0, 0, 0))])
    assert len({w.line for w in screen.words}) == 2

    # Small monospaced digits: the space between groups is as wide as they are tall (9 px
    # on the bank's statement: the IBAN, its first groups read again, stayed two lines).
    screen = ScreenText()
    mono = [Word(text, Box(x1, 599, x2, 608), (7, 1), 95.0) for text, x1, x2 in
            [("DE85", 141, 167), ("0117", 175, 202), ("3210", 210, 236), ("5736", 245, 271), ("6990", 279, 305),
             ("61", 314, 326)]]
    screen.replace(Box(126, 590, 340, 620), [dataclasses.replace(w, box=w.box.translate(-126, -590)) for w in mono])
    screen.replace(Box(127, 576, 242, 610), [dataclasses.replace(w, box=w.box.translate(-127, -576), line=(0, 0))
                                             for w in mono[:3]])
    assert mono[3].box.x1 - mono[2].box.x2 >= mono[2].box.height  # the gap the test is about
    assert len({w.line for w in screen.words}) == 1
    found = OcrDetector(load_config()).find(screen.words)
    assert [d.kind for d in found] == ["iban"], found


def test_a_row_cut_at_a_grid_s_bottom_edge_stays_cut_while_the_grid_scrolls_sideways():
    """A sideways scroll moves a row cut by the grid's bottom edge but does not bring it in:
    it stays covered as cut (it was taken for moved in, read as the sliver it is, and an
    address's top half showed for 49 frames on the dev set's spreadsheet)."""
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer
    from blur.analysis.crops import text_ink

    content = _page([(60 + 330 * c, 60 + 34 * r, f"{17 * r + 3 + c} Maple Grove Suite {r}") for r in range(18) for c in range(5)],
                    (1800, 720))
    bottom = 60 + 34 * 17 + 8  # the last row's top 8 px are in view
    def screen(offset: int) -> np.ndarray:
        image = np.full((720, 1280), 248, np.uint8)
        image[40:bottom] = content[40:bottom, offset : offset + 1280]
        return image
    analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
    before, after = screen(0), screen(12)
    analyzer.reference = before.copy()
    cut = Box(50, bottom - 9, 1280, bottom)
    analyzer._cut = [(cut, text_ink(before[cut.y1 : cut.y2, cut.x1 : cut.x2]))]
    motions, _, moved_in = analyzer._follow_motion(1, after, [Box(0, 40, 1280, bottom)])
    assert motions and motions[0].dx == -12 and motions[0].dy == 0
    assert moved_in == []
    assert [box for box, _ in analyzer._cut] == [Box(50 - 12, bottom - 9, 1280 - 12, bottom)]


def test_a_value_cut_at_a_grid_s_bottom_edge_stays_covered_while_the_grid_scrolls_sideways():
    """A value a scroll cut at the grid's bottom edge cannot be read any more; a sideways
    scroll then moves it along that edge without bringing it in. Its track stays open (it
    ended at the sideways step, and an address's top half showed for 36 frames)."""
    from blur.analysis.motion import Motion
    from blur.analysis.onset import downscale
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    rows = [(60 + 330 * c, 60 + 34 * r, f"{17 * r + 3 + c} Maple Grove Suite {r}") for r in range(20) for c in range(5)]
    content = _page(rows, (1800, 900))
    grid = Box(0, 40, 1280, 640)
    def screen(dy: int, dx: int) -> np.ndarray:
        image = np.full((720, 1280), 248, np.uint8)
        image[40:640] = content[40 - dy : 640 - dy, dx : dx + 1280]
        return image
    builder = TrackBuilder()
    value = Box(60, 60 + 34 * 16, 330, 60 + 34 * 16 + 22)  # whole, 38 px above the edge
    builder.observe(0, 0.0, [Detection("address", value, "ocr")], downscale(screen(0, 0)))
    frame, dy = 1, 0
    for step in (10, 10, 6, 4):  # scrolled down to the edge: cut, its top 6 px in view
        dy += step
        builder.move(frame, Motion(grid, 0, step))
        builder.observe(frame, frame / 30, [], downscale(screen(dy, 0)))
        frame += 1
    for dx in (20, 40, 60):  # the grid scrolls sideways: the row moves along the edge
        builder.move(frame, Motion(grid, -20, 0))
        builder.observe(frame, frame / 30, [], downscale(screen(dy, dx)))
        frame += 1
    for _ in range(30):  # and rests
        builder.observe(frame, frame / 30, [], downscale(screen(dy, 60)))
        frame += 1
    tracks = builder.tracks([n / 30 for n in range(frame)], 0.0, 0.0)
    assert [(t.first_frame, t.last_frame) for t in tracks] == [(0, frame - 1)]
    assert tuple(tracks[0].keyframes[-1].box) == (0, 640 - 6, 270, 640)


def test_a_value_cut_at_a_frozen_column_is_held_when_the_grid_eases_to_a_stop_unseen():
    """A phone number scrolls left under a spreadsheet's frozen column; the grid eases to a
    stop and its last pixel of motion is not seen as a scroll: the box changed, but what it
    shows is still the number's tail. It is held (hold_after) rather than dropped at once
    (the tail showed for a frame); a box left empty is dropped at once."""
    from blur.analysis.motion import Motion
    from blur.analysis.onset import downscale
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    content = _page([(400 + 330 * c, 60 + 34 * r, f"+44 20 7681 33{r}{c}") for r in range(12) for c in range(3)],
                    (1800, 720))
    grid = Box(300, 40, 1280, 640)
    def screen(dx: int, blank: bool = False) -> np.ndarray:
        image = np.full((720, 1280), 248, np.uint8)
        image[40:640, 300:1280] = content[40:640, 300 + dx : 1280 + dx]
        image[:, 298:300] = 120  # the frozen column's border
        if blank:
            image[40:640, 300:1280] = 248
        return image
    times = [n / 30 for n in range(40)]
    for blank, held in ((False, True), (True, False)):
        builder = TrackBuilder()
        value = Box(400, 60 + 34 * 5, 560, 60 + 34 * 5 + 22)
        builder.observe(0, 0.0, [Detection("phone", value, "ocr")], downscale(screen(0)))
        dx = 0
        for frame, step in enumerate((40, 40, 30), 1):  # under the frozen column: cut at its edge
            dx += step
            builder.move(frame, Motion(grid, -step, 0))
            builder.observe(frame, times[frame], [], downscale(screen(dx)))
        builder.observe(4, times[4], [], downscale(screen(dx + 1, blank)))  # the last pixel: not seen as a scroll
        for frame in range(5, 20):
            builder.observe(frame, times[frame], [], downscale(screen(dx + 1, blank)))
        [track] = builder.tracks(times[:20], 0.0, 0.25)
        assert (track.last_frame > 4) == held, (blank, track.last_frame)


def test_a_value_moved_by_odd_pixels_is_still_recognised_at_half_resolution():
    """Values are compared at half resolution with the pixels read when they were found. The
    tail of a phone number read at an odd x and cut at a frozen column was compared with its
    reference a column off (and as unequal shapes): it counted as other ink, and showed for
    18 frames while the grid eased to a stop, a pixel at a time, unseen as a scroll."""
    from blur.analysis.motion import Motion
    from blur.analysis.onset import downscale
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    content = _page([(400 + 330 * c, 60 + 34 * r, f"+44 20 7681 33{r}{c}") for r in range(12) for c in range(3)],
                    (1800, 720))
    grid = Box(301, 40, 1280, 640)  # the frozen column's edge at an odd x
    def screen(dx: int) -> np.ndarray:
        image = np.full((720, 1280), 248, np.uint8)
        image[40:640, 301:1280] = content[40:640, 301 + dx : 1280 + dx]
        image[:, 299:301] = 120  # the frozen column's border
        return image
    times = [n / 30 for n in range(40)]
    builder = TrackBuilder()
    value = Box(400, 60 + 34 * 5, 560, 60 + 34 * 5 + 22)
    builder.observe(0, 0.0, [Detection("phone", value, "ocr")], downscale(screen(0)))
    dx = 0
    for frame, step in enumerate((40, 40, 31), 1):  # read at x 320, then cut: x 289 to 449, 148 px in view
        dx += step
        builder.move(frame, Motion(grid, -step, 0))
        whole = value.translate(-dx, 0)  # read again while whole; then cut at the column's edge
        found = [Detection("phone", whole, "ocr")] if whole.x1 >= 301 else []
        builder.observe(frame, times[frame], found, downscale(screen(dx)))
    for frame in range(4, 20):  # the grid eases on by a pixel, unseen as a scroll
        builder.observe(frame, times[frame], [], downscale(screen(dx + 1)))
    [track] = builder.tracks(times[:20], 0.0, 0.0)
    assert track.last_frame == 19 and tuple(track.keyframes[-1].box)[0] == 301


def test_a_value_traced_back_into_a_still_header_is_not_covered_there():
    """A value read after a scroll is traced back through the frames before it, and through
    frames that moved nothing while its box showed it. A diagonal scroll's area took in a
    spreadsheet's frozen header: traced back, values landed in the header, which then stood
    still, and were covered there for seconds (a band of covers over the header row). The
    same value resting unread in the grid before the scroll is still covered back there."""
    from blur.analysis.motion import Motion
    from blur.analysis.onset import downscale
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    rows = [(60, 36 + 34 * r, f"Row {r}: +44 20 7681 33{r:02d}") for r in range(24)]
    content = _page(rows, (1280, 1000))
    header = _page([(60, 70, "Full name      Phone      Department")], (1280, 120))
    def screen(dy: int) -> np.ndarray:
        image = np.full((720, 1280), 248, np.uint8)
        image[100:700] = content[200 - dy : 800 - dy]
        image[40:100] = np.clip(header[40:100].astype(np.int16) - 50, 0, 255)  # a shaded header row, over the rows under it
        return image
    times = [n / 30 for n in range(40)]
    # Row 4 comes out from under the header (traced back, it lands on the header's text);
    # row 10 rested in the grid, unread, before it scrolled.
    for value_y, covered_before in ((102, False), (306, True)):
        builder = TrackBuilder()
        for frame in range(12):  # at rest: nothing read here
            builder.observe(frame, times[frame], [], downscale(screen(0)))
        # The scroll moves the grid down by 30 px; its area was found over the header too.
        builder.move(12, Motion(Box(0, 40, 1280, 700), 0, 30))
        value = Box(100, value_y, 330, value_y + 22)
        builder.observe(12, times[12], [Detection("phone", value, "ocr")], downscale(screen(30)))
        [track] = builder.tracks(times[:13], 0.0, 0.0)
        assert (track.first_frame < 6) == covered_before, (value_y, track.first_frame)


def test_a_line_dropped_at_a_wavering_edge_is_read_again_once_the_view_shows_it_whole():
    """The edge found for a scroll's area wavers from frame to frame (it ends where pixels
    changed). A line whose words reached one frame's edge is dropped from the screen's
    words; when the next frame's area shows it whole, away from the edge, it is read again:
    nothing else would (its motion explains its pixels), and an address scrolled on
    unread and uncovered for 67 frames."""
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer
    from blur.ocr.engine import Word

    rows = [(60, 60 + 34 * r, f"{17 * r + 3} Maple Grove Suite {r}") for r in range(20)]
    content = _page(rows, (1280, 900))
    def screen(dy: int) -> np.ndarray:
        image = np.full((720, 1280), 248, np.uint8)
        image[40:700] = content[40 - dy : 700 - dy]
        return image
    analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
    analyzer.reference = screen(0)
    last = 60 + 34 * 15  # the row at 570-592
    analyzer.screen.words = [Word(f"{17 * r + 3}", Box(60, 60 + 34 * r, 90, 60 + 34 * r + 16), (0, r), 95.0)
                             for r in range(16)]
    # This frame's changes end 6 px into that row: the area is found that short.
    motions, _, moved_in = analyzer._follow_motion(1, screen(2), [Box(0, 40, 1280, last + 8)])
    assert motions and (motions[0].dx, motions[0].dy) == (0, 2) and motions[0].area.y2 < last + 16
    assert all(w.line != (0, 15) for w in analyzer.screen.words) and moved_in == []
    analyzer.reference = screen(2)
    motions, _, moved_in = analyzer._follow_motion(2, screen(4), [Box(0, 40, 1280, 700)])
    assert motions and motions[0].area.y2 >= last + 30
    assert any(box.intersection(Box(60, last + 4, 90, last + 20)) for box in moved_in), moved_in  # grown to the line


def test_a_value_under_a_frozen_column_stays_cut_when_a_diagonal_scroll_spans_the_column():
    """A phone number cut at a frozen column's edge while the grid scrolls sideways; then the
    grid scrolls diagonally, and the motion found spans the frozen column too (it scrolls up
    and down with the grid). The number's last digit, still beside the column, stays covered
    until it has gone under it (it showed for 4 frames on the dev set's spreadsheet)."""
    from blur.analysis.motion import Motion
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    grid, whole = Box(300, 40, 1280, 640), Box(20, 40, 1280, 640)
    builder = TrackBuilder()
    value = Box(340, 200, 470, 222)
    builder.observe(0, 0.0, [Detection("phone", value, "ocr")])
    builder.move(1, Motion(grid, -30, 0))  # sideways, still whole
    builder.observe(1, 1 / 30, [Detection("phone", value.translate(-30, 0), "ocr")])
    builder.move(2, Motion(grid, -30, 0))  # under the column: cut at x = 300, not found any more
    builder.observe(2, 2 / 30, [])
    frame = 3
    boxes = []
    for _ in range(4):  # diagonally, followed as one motion over the column and the grid
        builder.move(frame, Motion(whole, -10, 6))
        builder.observe(frame, frame / 30, [])
        boxes.append(builder._open[0].box if builder._open else None)
        frame += 1
    assert boxes[:3] == [Box(300, 206, 400, 228), Box(300, 212, 390, 234), Box(300, 218, 380, 240)]
    for _ in range(8):  # on until it has all gone under the column
        builder.move(frame, Motion(whole, -10, 6))
        builder.observe(frame, frame / 30, [])
        frame += 1
    assert not builder._open


def test_a_value_on_a_line_dropped_at_the_edge_is_held_as_cut_until_it_has_scrolled_out():
    """A row scrolls up under a sticky header. A taller word of its line reaches the edge first
    and the line's words are dropped (see ``ScreenText.move``): the phone number on it is no
    longer found although its own box is still whole. Its track is held as cut at that edge
    and moves on with the scroll until it is out of view (the number's lower half showed
    below the header for a frame)."""
    from blur.analysis.motion import Motion
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    view = Box(0, 231, 1280, 1035)
    builder = TrackBuilder()
    value = Box(600, 242, 756, 266)
    builder.observe(0, 0.0, [Detection("phone", value, "ocr")])
    builder.move(1, Motion(view, 0, -5), dropped=[Box(310, 231, 750, 266)])
    builder.observe(1, 1 / 30, [])
    assert builder._open and builder._open[0].box == Box(600, 237, 756, 261)
    seen = []
    for frame, step in enumerate((6, 7, 8, 10), 2):
        builder.move(frame, Motion(view, 0, -step))
        builder.observe(frame, frame / 30, [])
        seen.append(builder._open[0].box if builder._open else None)
    assert seen[:3] == [Box(600, 231, 756, 255), Box(600, 231, 756, 248), Box(600, 231, 756, 240)]
    assert seen[3] is None  # scrolled out: nothing left to cover


def test_text_moved_by_a_pixel_is_redrawn_and_other_text_is_not():
    """A grid easing to a stop moves a value cut at its edge by a pixel in a frame no scroll
    was found in: the same ink, so its cover stays on; other text in the box is not the same."""
    from blur.analysis.onset import FrameHistory, downscale

    content = _page([(400, 60 + 34 * r, f"+44 20 7681 33{r}5") for r in range(8)], (1280, 720))
    history = FrameHistory(10)
    history.add(0, downscale(content))
    box = Box(396, 60 + 34 * 3 - 4, 560, 60 + 34 * 3 + 22)
    shifted = np.full_like(content, 248)
    shifted[:, :-1] = content[:, 1:]
    assert history.redrawn(box, downscale(shifted))
    other = _page([(400, 60 + 34 * r, "Quarterly review" if r == 3 else f"+44 20 7681 33{r}5") for r in range(8)])
    assert not history.redrawn(box, downscale(other))


def test_a_value_lost_then_carried_to_a_view_s_edge_is_covered_until_it_has_scrolled_out():
    """A number not found again for a few frames (lost, waiting to be bridged) that a scroll
    then takes under a frozen column is cut there: it cannot be read any more, and is covered
    until it has gone under the column (its last digit showed beside the column when no other
    track of its box was left)."""
    from blur.analysis.motion import Motion
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    grid = Box(300, 40, 1280, 640)
    builder = TrackBuilder()
    builder.observe(0, 0.0, [Detection("phone", Box(330, 200, 460, 222), "ocr")])
    builder.observe(1, 1 / 30, [])  # not found: lost, waiting to be bridged
    frame = 2
    while frame < 30:
        builder.move(frame, Motion(grid, -20, 0))
        builder.observe(frame, frame / 30, [])
        frame += 1
    [track] = builder.tracks([n / 30 for n in range(frame)], 0.0, 0.0)
    assert track.last_frame >= 8  # 330 + 130 - 20 * 7 = 320: still beside the column at frame 8
    assert tuple(track.keyframes[-1].box)[0] == 300


def test_a_detection_continues_the_track_it_overlaps_most_of_its_kind():
    """Each detection continues the open track of its kind and source whose box it overlaps
    most (IoU >= 0.3; of equal ones the last), and no track twice: checked against the
    plain definition on random screens of boxes."""
    from blur.analysis.tracks import _Building, _Candidates
    from blur.detect.base import Detection

    rng = np.random.default_rng(3)
    for _ in range(300):
        tracks = []
        for _ in range(int(rng.integers(0, 12))):
            x, y = (int(v) for v in rng.integers(0, 60, 2))
            box = Box(x, y, x + int(rng.integers(0, 20)), y + int(rng.integers(0, 20)))
            kind = str(rng.choice(["email", "phone"]))
            tracks.append(_Building(kind, str(rng.choice(["ocr", "failsafe"])), 0, 0, [(0, box)]))
        if tracks and rng.random() < 0.3:
            tracks.append(_Building(tracks[0].kind, tracks[0].source, 0, 0, [(0, tracks[0].box)]))  # a tie
        candidates, left = _Candidates(tracks), list(tracks)
        for _ in range(int(rng.integers(1, 8))):
            x, y = (int(v) for v in rng.integers(0, 60, 2))
            det = Detection(str(rng.choice(["email", "phone"])), Box(x, y, x + int(rng.integers(1, 20)),
                                                                     y + int(rng.integers(1, 20))),
                            str(rng.choice(["ocr", "failsafe"])))
            expected, best = None, 0.3
            for track in left:
                if (track.kind, track.source) == (det.kind, det.source) and track.box.iou(det.box) >= best:
                    expected, best = track, track.box.iou(det.box)
            got = candidates.take_best(det, 0.3)
            assert got is expected
            if expected is not None:
                left = [t for t in left if t is not expected]
        assert [id(t) for t in candidates.left()] == [id(t) for t in left]


def test_a_value_cut_at_a_grid_s_edge_in_a_diagonal_scroll_is_covered_where_either_axis_took_it():
    """A name cut at a grid's bottom edge cannot be read to say where it went. In a diagonal
    scroll it may sit in a frozen column (which only scrolls up) or a header row (only
    sideways): its cover spans where the diagonal shift and each axis alone took it (a name
    in a frozen column slid out from under a cover moved sideways with the grid)."""
    from blur.analysis.motion import Motion
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    grid = Box(0, 200, 1920, 1035)
    builder = TrackBuilder()
    name = Box(67, 1010, 160, 1030)
    builder.observe(0, 0.0, [Detection("name", name, "ocr")])
    builder.move(1, Motion(grid, 0, 8))  # down, along its column: cut by the grid's bottom edge
    builder.observe(1, 1 / 30, [])
    frame, covers = 2, []
    while builder._open:  # then diagonally, until it has scrolled out
        builder.move(frame, Motion(grid, -10, 3))
        builder.observe(frame, frame / 30, [])
        covers.append([t.box for t in builder._open])
        frame += 1
    # Where the grid took it (10 px further left each frame) and where a frozen column kept it.
    assert [Box(57, 1021, 150, 1035), Box(67, 1021, 160, 1035)] == sorted(covers[0], key=lambda b: b.x1)
    assert all(any(b.x1 <= 67 and b.x2 >= 160 for b in boxes) for boxes in covers[:-1])
    assert len(covers) == 6 and covers[-1] == [], "both gone once scrolled out below the edge"


def test_a_value_read_again_continues_its_own_track_not_its_shadow():
    """The shadow cover of a cut value (see above) takes no detection: the value read again
    continues its own track, which moves on with whole scrolls (a shadow that took it moved
    it along one axis only, and phone numbers at a frozen corner showed: 8 element-frames)."""
    from blur.analysis.motion import Motion
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    grid = Box(0, 200, 1920, 1035)
    builder = TrackBuilder()
    builder.observe(0, 0.0, [Detection("phone", Box(300, 1010, 400, 1030), "ocr")])
    builder.move(1, Motion(grid, -4, 8))  # diagonally, cut at the bottom edge: a shadow is made
    builder.observe(1, 1 / 30, [])
    assert sorted(t.axis or "" for t in builder._open) == ["", "y"]
    builder.move(2, Motion(grid, -4, -8))  # back up: the value is whole again and read, where
    read = Box(300, 1010, 400, 1030)  # its shadow is (it was in a frozen column after all)
    builder.observe(2, 2 / 30, [Detection("phone", read, "ocr")])
    own = [t for t in builder._open if t.axis is None]
    assert len(own) == 1 and own[0].first_frame == 0 and own[0].box == read


def test_a_value_cut_under_a_sticky_header_is_covered_whole_as_it_comes_back_out():
    """A phone row scrolls up under a sticky header until 5 px of it show, cut there; the grid
    then scrolls back down. What comes back into view is the number's, and its cover grows
    with it, up to the header's edge (it stayed 5 px tall and moved down the grid while the
    digits came back out above it)."""
    from blur.analysis.motion import Motion
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    grid = Box(0, 231, 1280, 640)  # below the sticky header
    builder = TrackBuilder()
    builder.observe(0, 0.0, [Detection("phone", Box(300, 236, 400, 256), "ocr")])
    builder.move(1, Motion(grid, 0, -20))  # up under the header: 5 px left in view, cut
    builder.observe(1, 1 / 30, [])
    assert [t.box for t in builder._open] == [Box(300, 231, 400, 236)]
    builder.move(2, Motion(grid, 0, 15))  # back down: its top 20 px in view
    tracks = builder.tracks([n / 30 for n in range(3)], 0.0, 0.0)
    assert [tuple(k.box) for k in tracks[0].keyframes if k.frame == 2] == [(300, 231, 400, 251)]


def test_a_value_read_again_wider_after_a_scroll_carried_it_is_not_covered_along_the_whole_path():
    """A log line with an e-mail was followed up the view by a scroll for ten frames without
    being read again, then read at its new place with a box a few pixels wider: the earlier
    frames got the union of their box with the new one, a cover 300 px tall down the log
    (the dev set's CI log, 30 frames). Each earlier frame covers the wider box where the
    value was then."""
    from blur.analysis.motion import Motion
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    builder = TrackBuilder()
    times = [n / 30 for n in range(12)]
    builder.observe(0, times[0], [Detection("email", Box(100, 400, 300, 418))])
    for frame in range(1, 11):
        builder.move(frame, Motion(Box(0, 0, 1280, 720), 0, -30))
        builder.observe(frame, times[frame], [])
    builder.observe(11, times[11], [Detection("email", Box(96, 100, 306, 118))])
    [track] = builder.tracks(times, 0.0, 0.0)
    for frame in range(0, 12):
        box = track.box_at(frame)
        top = 400 - 30 * min(frame, 10)
        assert box.y1 <= top and box.y2 >= top + 18, (frame, box)
        assert box.height <= 24, (frame, box)
    assert track.box_at(5).x1 <= 96 and track.box_at(5).x2 >= 306


def test_a_sidebar_beside_a_scrolling_log_is_not_moved_with_it(monkeypatch):
    """A spinner turning in a still sidebar while the log beside it scrolls: the scroll's
    area stops at the sidebar, whose words are neither moved nor read again in every frame
    (a CI log viewer's step list was read again in each of 390 frames)."""
    import blur.analysis.analyzer as analyzer_module
    from blur import load_config

    log = _page([(20, 10 + 24 * n, f"{n:3d} 09:12:{n % 60:02d}.{n * 37 % 1000:03d} npm WARN deprecated pkg@{n}.0.1")
                 for n in range(60)], (1000, 1500))
    steps = [(60, 120 + 40 * n, name) for n, name in enumerate(["Set up job", "Checkout", "Install", "Run tests"])]
    step_rows = Box(0, 110, 250, 270)
    read: list[tuple[int, Box]] = []  # (frame, crop) of every read
    frame = [0]
    real_crops = analyzer_module.text_crops

    def recording_crops(*args):
        crops = real_crops(*args)
        read.extend((frame[0], crop) for crop in crops.boxes)
        return crops

    monkeypatch.setattr(analyzer_module, "text_crops", recording_crops)
    analyzer = analyzer_module.FrameAnalyzer(load_config(), 1280, 720, 30.0)
    for i in range(12):
        frame[0] = i
        screen = _page(steps)
        screen[:, 250:251] = 200  # the sidebar's border
        screen[40:720, 270:1270] = log[i * 6 : i * 6 + 680, :1000]
        screen[330:350, 20:40] = 30 if i % 2 else 248  # the spinner, at the left below the steps
        analyzer.feed(i, i / 30, screen, "yuvj420p")
    assert [crop for i, crop in read if i > 0 and crop.intersection(step_rows)] == []
    sidebar = [w for w in analyzer.screen.words if w.box.x2 < 250]
    assert {w.text for w in sidebar} >= {"Checkout", "Install"}
    assert all(any(abs(w.box.y1 - y) <= 8 for _, y, _ in steps) for w in sidebar)  # where they are


def test_a_cover_over_a_toasts_path_is_not_held_as_cut_when_only_the_path_reaches_the_edge():
    """A toast's email slid away; its cover had grown over the toast's path, which reached
    above the thread that then scrolled. The view's edge cut the path, not the value: the
    cover is not held as cut over the still sidebar the path crossed (it stayed 130 frames)."""
    from blur.analysis.motion import Motion
    from blur.analysis.onset import downscale
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    toast = _page([(620, 40, "andrews.l@daniel.com")])
    sidebar = _page([(600, 20, "Tracy Moore"), (600, 46, "Customer since Aug 2021")])
    value = Box(618, 40, 800, 62)
    builder = TrackBuilder()
    builder.observe(0, 0.0, [Detection("email", value, "ocr")], downscale(toast))
    builder._open[0].move_to(0, Box(560, 0, 900, 110))  # grown over the toast's path as it slid away
    builder.move(1, Motion(Box(300, 14, 1000, 700), 0, -2))  # the thread scrolls; its top edge cuts the path
    for frame in range(1, 40):
        builder.observe(frame, frame / 30, [], downscale(sidebar))
    tracks = builder.tracks([n / 30 for n in range(40)], 0.0, 0.0)
    assert len(tracks) == 1 and tracks[0].last_frame < 10, [(t.first_frame, t.last_frame) for t in tracks]


def test_a_thin_stroke_drawn_a_row_off_is_no_change_but_a_new_character_is():
    """At another sub-pixel offset hinting draws the bar of a "-" or "=" a row or two off the
    rest of its line: a one-pixel line along the old stroke is not a changed character (the
    CI log's scrolled lines were read again in blocks for them). A changed character is
    still seen."""
    from blur.analysis.motion import unexplained

    reference = _page([(40, 40, "STRIPE_KEY sk_live_51Hx"), (40, 80, "AWS_REGION eu-central-1")], (400, 120))
    reference[52, 300:308] = 40  # a hyphen's bar, one pixel high
    current = reference.copy()
    current[52, 300:308] = 248
    current[54, 300:308] = 40  # drawn two rows lower
    assert np.count_nonzero(unexplained(reference, current, 48, vertical=True)) == 0
    assert np.count_nonzero(unexplained(reference, current, 48)) > 0  # sliding sideways: a change
    changed = _page([(40, 40, "STRIPE_KEY sk_live_51Hx"), (40, 80, "AWS_REGION eu-central-7")], (400, 120))
    changed[52, 300:308] = 40
    assert np.count_nonzero(unexplained(reference, changed, 48, vertical=True)) > 10


def test_a_value_found_again_shorter_while_the_rest_of_it_still_shows_keeps_its_whole_cover():
    """The sign-up's phone field: a tooltip fading in over its label made the label rule take
    only the "+44" picker for the value; the track shrank to it and the typed digits beside
    it showed for a frame. Found shorter while the rest of its ink is as it was, a value is
    covered whole; when the rest is gone (deleted), the cover shrinks with it."""
    from blur.analysis.onset import downscale
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    page = _page([(60, 100, "+44  7700 900217")], (640, 200))
    whole, short = Box(56, 96, 232, 124), Box(56, 96, 157, 124)  # "+44 7700" of "+44 7700 900217"
    erased = page.copy()
    erased[:, 158:300] = 248  # the last digits deleted

    def cover_at_frame_1(second: np.ndarray) -> Box | None:
        builder = TrackBuilder()
        builder.observe(0, 0.0, [Detection("labelled", whole)], downscale(page))
        builder.observe(1, 1 / 30, [Detection("labelled", short)], downscale(second))
        (track,) = builder.tracks([0.0, 1 / 30], 0.0, 0.0)
        return track.box_at(1)

    assert cover_at_frame_1(page) == whole
    assert cover_at_frame_1(erased) == short


def test_a_line_only_drawn_again_is_not_read_again_but_a_changed_character_is():
    """The encoder redraws the bottom row of a still line's glyphs lighter every few frames
    (near a moving pointer: the CI log's 1000-px lines were read again each time). The same
    place drawn again so gets its last read's words without OCR; a changed character is
    read, and the words then are the new ones."""
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer
    from blur.analysis.motion import redrawn_alike

    text = "created_by lthomas@hotmail.com image sha256:bdc87c631caa947800cf5a8c5c734bae"
    page = _page([(40, 100, text)])
    ink = (page[90:130] < 128).sum(axis=1)
    base = 90 + 20 + int(np.argmax(ink[20:]))  # the glyphs' bottom row (not the descenders')
    redrawn = page.copy()
    redrawn[base] = np.where(page[base] < 128, np.minimum(page[base].astype(int) + 60, 255), page[base]).astype(np.uint8)
    changed = _page([(40, 100, text.replace("c631", "c681"))])
    assert redrawn_alike(page, redrawn, 24) and not redrawn_alike(page, changed, 24)
    new_ink = page.copy()
    new_ink[140, 400:420] = 30  # a one-pixel rule where there was no ink: not the same
    assert not redrawn_alike(page, new_ink, 24)
    # A card fading out a tenth a frame changes every stroke by less than the threshold: it is
    # read (its words' boxes move with it as it eases away), not taken for the same drawing.
    faded = (248 - (248 - page[80:140].astype(np.float64)) * 0.9).round().astype(np.uint8)
    assert not redrawn_alike(page[80:140], faded, 24)

    analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
    words_of = lambda: " ".join(w.text for w in analyzer.screen.words)  # noqa: E731
    analyzer.feed(0, 0.0, page, "yuvj420p")
    first = words_of()
    for n, frame in enumerate([redrawn, page, redrawn], start=1):
        frame = frame.copy()
        frame[90:130, 1200:1210] = 30 if n % 2 else 248  # and a block beside the line that changes
        analyzer.feed(n, n / 30, frame, "yuvj420p")
    assert analyzer.redrawn_hits == 2  # frames 1 and 3 (frame 2 shows frame 0's very pixels: the exact cache)
    assert words_of() == first
    reads = analyzer.ocr_reads
    analyzer.feed(4, 4 / 30, changed, "yuvj420p")
    assert analyzer.ocr_reads > reads and words_of() != first


def test_the_last_reads_kept_for_redraws_stay_within_their_memory_bound(monkeypatch):
    """Whole-frame reads are 2 MB each at 1080p: the last reads kept per place are bounded in
    bytes, not only in places, so a long recording's memory does not grow with them."""
    import blur.analysis.analyzer as analyzer_module
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer

    monkeypatch.setattr(analyzer_module, "LAST_READS_BYTES", 25_000)
    analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
    images = [np.full((100, 100), 248, np.uint8) for _ in range(5)]
    analyzer._read(images, [(Box(0, 100 * n, 100, 100 * n + 100), False) for n in range(5)])
    assert len(analyzer._last_reads) == 2 and analyzer._last_reads_bytes == 20_000
    assert list(analyzer._last_reads) == [(Box(0, 300, 100, 400), False), (Box(0, 400, 100, 500), False)]


def test_the_histogram_median_is_numpys_median():
    # The background level of text bands is counted in a histogram (a sort was 150 us a band):
    # it must give np.median's number, odd and even counts, strided crops, flat and split bands.
    from blur.levels import median_level

    rng = np.random.default_rng(7)
    for _ in range(500):
        band = rng.integers(0, 256, (int(rng.integers(1, 16)), int(rng.integers(1, 600))), dtype=np.uint8)
        if rng.random() < 0.4:
            band = (rng.integers(0, 2, band.shape) * 200 + 20).astype(np.uint8)  # two levels: the middle pair differs
        if rng.random() < 0.3:
            band = band[:, ::3]
        assert median_level(band) == int(np.median(band))


def test_frame_boxes_give_each_track_s_box_at_every_frame():
    """The render walks tracks with FrameBoxes (keyframe boxes made once): stepped and
    interpolated tracks, and the snapshots' plain Steps, give what Track.box_at gives."""
    from blur.plan import FrameBoxes, Keyframe, Steps, Track

    keyframes = [Keyframe(frame=3, box=(10, 10, 50, 30)), Keyframe(frame=8, box=(30, 20, 70, 40)),
                 Keyframe(frame=9, box=(32, 22, 72, 42))]
    tracks = [Track(id=f"t{n}", kind="email", source="ocr", first_frame=1, last_frame=12, interpolate=interpolate,
                    keyframes=keyframes) for n, interpolate in enumerate((False, True))]
    tracks.append(Track(id="off", kind="email", source="ocr", first_frame=0, last_frame=12, enabled=False,
                        keyframes=keyframes))
    walked = FrameBoxes(tracks)
    stepped = FrameBoxes([Steps.of(tracks[0])])
    for frame in range(15):
        expected = [b for t in tracks if (b := t.box_at(frame)) is not None]
        assert sorted(b.as_list() for b in walked.at(frame)) == sorted(b.as_list() for b in expected)
        assert stepped.at(frame) == [b for b in [tracks[0].box_at(frame)] if b is not None]


def test_a_value_no_longer_read_stays_covered_as_a_scroll_takes_it_away():
    """A CI log's e-mail was found, then read again as "carla53Gexample.org" (no e-mail): its
    track stayed on by its pixels. The log then jumped to its end, easing in: 1, 5, 15, 29, 50 px
    a frame. An odd step moves the value half a pixel at the half resolution tracks compare at:
    its pieces no longer matched, the track ended, and the e-mail showed in every frame of the
    jump. Where a scroll takes a value, it is covered."""
    from blur.analysis.motion import Motion
    from blur.analysis.onset import downscale
    from blur.analysis.tracks import TrackBuilder
    from blur.detect.base import Detection

    log = Image.new("L", (1280, 1400), 22)
    draw = ImageDraw.Draw(log)
    for r in range(40):
        text = "ONCALL_EMAIL=carla53@example.org" if r == 30 else f"09:12:{r:02d}.516 npm WARN deprecated pkg{r}@1.{r}.0"
        draw.text((380, 40 + 18 * r), text, font=font(13, mono=True), fill=210)
    view = Box(240, 90, 1280, 720)
    def screen(offset: int) -> np.ndarray:
        image = np.full((720, 1280), 22, np.uint8)
        image[90:720] = np.asarray(log)[offset : offset + 630]
        return image
    value_top = 40 + 18 * 30 + 90 - 100  # the e-mail's row on screen at offset 100
    value = Box(376, value_top, 640, value_top + 18)
    builder = TrackBuilder()
    offset, times = 100, [n / 30 for n in range(40)]
    builder.observe(0, times[0], [Detection("email", value, "ocr")], downscale(screen(offset)))
    for frame in range(1, 6):  # read again as no e-mail: held by its pixels
        builder.observe(frame, times[frame], [], downscale(screen(offset)))
    for frame, step in zip(range(6, 12), (1, 5, 15, 29, 50, 75)):
        offset += step
        builder.move(frame, Motion(view, 0, -step))
        builder.observe(frame, times[frame], [], downscale(screen(offset)))
    tracks = builder.tracks(times[:12], 0.0, 0.0)
    moved = 0
    for frame, step in zip(range(6, 12), (1, 5, 15, 29, 50, 75)):
        moved += step
        shown = value.translate(0, -moved)
        assert any((box := t.box_at(frame)) is not None and box.contains(shown.pad(-2, -2)) for t in tracks), frame


def test_content_that_moved_with_a_scroll_beyond_the_area_it_was_found_in_moves_too():
    """A help desk's thread pushed up by a new message: the shift was found in an area that ends
    at the bubbles' right edge; the agent's right-aligned name headers beyond it, in the next
    changed area, were read mid-move and not found (a name showed for 36 frames). The changed
    area beside a motion is taken into it when the same shift explains both."""
    from blur import load_config
    from blur.analysis.analyzer import FrameAnalyzer

    rows = []
    for r in range(12):
        y = 60 + 52 * r
        rows += [(360, y, f"Message {r}: the parcel left the depot at 0{r % 10}:40 today"), (860, y + 22, f"Agent {r} · 9:{r:02d} AM")]
    thread = _page(rows, (1280, 800))
    sidebar = [(60, 80 + 30 * r, f"Ticket #{4100 + r}") for r in range(20)]
    panel = [(1070, 80 + 30 * r, f"Order ORD-{171452 + 7 * r}") for r in range(20)]
    def screen(dy: int, tickets: int) -> np.ndarray:
        image = np.full((720, 1280), 248, np.uint8)
        image[56:672, 320:1040] = thread[56 + dy : 672 + dy, 320:1040]
        image[:, :260] = _page([(x, y, text + " open" * tickets) for x, y, text in sidebar], (260, 720))
        image[:, 1060:] = _page([(x - 1060, y + 9 * tickets, text) for x, y, text in panel], (220, 720))
        return image
    analyzer = FrameAnalyzer(load_config(), 1280, 720, 30.0)
    analyzer.reference = screen(0, 0)
    areas = [Box(40, 64, 240, 660), Box(320, 56, 800, 176), Box(320, 168, 1040, 672), Box(1060, 64, 1270, 680)]
    motions, _, _ = analyzer._follow_motion(1, screen(21, 3), areas)
    header = Box(860, 60 + 52 * 4 + 22 - 21, 1000, 60 + 52 * 4 + 40 - 21)  # where a header moved to
    assert any((m.dx, m.dy) == (0, -21) and m.area.contains(header) for m in motions), motions
