"""The reference as the bench camera saw it, and where the photo's colour departs from it.

A bench photo differs from the genuine reference artwork by lighting (a smooth fall-off
across the item), exposure and white balance (a gain per channel), the camera's tone
curve, clipping where the photo is blown out, and blur. :func:`lit_view` fits those on
flat pixels (robustly reweighted so a recoloured part cannot steer them) and renders the
reference through them; ``shading`` adds a shadow cast across the item. Whatever that
model cannot explain on flat pixels is a colour difference: a recoloured emblem, a
different ink.

A free offset per channel is deliberately left out: with one, a fit dominated by a
light ground can turn a dark grey emblem into a red one by trading gain for offset.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

FLAT_SIDE = 7  # a pixel is flat when its 7x7 neighbourhood in the reference is one colour
FLAT_SPREAD = 14  # grey levels of spread still counted as one colour
SMOOTH = 1.0  # blur applied to both before colours are compared (noise, JPEG blocks)
MONOCHROME_SPREAD = 6  # grey levels between channels a greyscale photo still shows
# A colour photo of a grey item still shows colour where it has any: this many pixels
# (or this share of the item) with channels COLOURED_SPREAD apart is no greyscale photo.
COLOURED_SPREAD = 30
MIN_COLOURED = 30
COLOURED_SHARE = 0.0005
CLIPPED = 248  # photo values at or above this are clipped: their true value is unknown
TOLERANCE = 10.0  # grey levels of colour error always allowed (noise, compression)
RELATIVE = 0.08  # plus this share of the expected value (gain model error)
FIT_SAMPLES = 6000
IRLS_ROUNDS = 3
DARK_LIFT = 28.0  # grey levels a photo may show where the reference has none of a channel
SHIFT = 2  # pixels of fringe forgiven around every edge
WIDE = 4.0  # pixels: the patch over which grain averages out
NOISE_WIDTHS = 3.0  # noise sigmas of colour error allowed on top of TOLERANCE
CHROMA_BLUR = 1.5  # both sides, before hues are compared anywhere (noise, JPEG chroma)
CHROMA_SHIFT = 1
CHROMA_TOLERANCE = 30.0  # opponent grey levels always allowed
CHROMA_RELATIVE = 0.35  # plus this share of the reference's own colour strength


def _blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma)


def wide_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """A wide Gaussian (``sigma`` of 10 px or more) at a quarter of the resolution: twenty
    times cheaper, and what it feeds (a local mean, contrast or light) is smooth anyway."""
    h, w = img.shape[:2]
    small = cv2.resize(img, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    return cv2.resize(_blur(small, sigma / 4), (w, h), interpolation=cv2.INTER_LINEAR)


def weighted_mean(
    values: np.ndarray, weight: np.ndarray, sigma: float
) -> tuple[np.ndarray, np.ndarray]:
    """Normalised convolution: the ``weight``-ed mean of ``values`` (H x W, or H x W x C)
    round each pixel, Gaussian ``sigma``, and the weight it rests on there (the support;
    where it is near 0 the mean is not measured)."""
    support = _blur(weight, sigma)
    weighted = values * (weight[..., None] if values.ndim == 3 else weight)
    below = np.maximum(support, 1e-6)
    return _blur(weighted, sigma) / (below[..., None] if values.ndim == 3 else below), support


def commonest_colours(values: np.ndarray, most: int = 1, least: float = 0.0) -> list[np.ndarray]:
    """The mean colour of each of the ``most`` commonest colours among ``values`` (N x 3,
    binned 16 levels a channel), commonest first; a colour under ``least`` of them ends
    the list."""
    bins = (values // 16).astype(np.int32)
    keys = bins[:, 0] * 256 + bins[:, 1] * 16 + bins[:, 2]
    counts = np.bincount(keys)
    out = []
    for key in np.argsort(-counts, kind="stable")[:most]:
        if counts[key] == 0 or counts[key] < least * len(values):
            break
        out.append(values[keys == key].mean(axis=0))
    return out


def channel_max(img: np.ndarray) -> np.ndarray:
    """Maximum over the last axis; numpy's own reduction there is several times slower."""
    return np.maximum(np.maximum(img[..., 0], img[..., 1]), img[..., 2])


def channel_min(img: np.ndarray) -> np.ndarray:
    """Minimum over the last axis (see :func:`channel_max`)."""
    return np.minimum(np.minimum(img[..., 0], img[..., 1]), img[..., 2])


def monochrome(photo: np.ndarray, valid: np.ndarray) -> bool:
    """A photo from a monochrome camera (or saved as greyscale): its three channels agree
    everywhere, to within JPEG's rounding. Everywhere, not on 99 % of the item: a black
    and white label's small red emblem is far less than 1 % of it, and read as greyscale
    the photo's colour went unjudged (a black-box tester's emblem recoloured black to red
    read consistent)."""
    if not valid.any():
        return False
    img = photo.astype(np.int16)
    spread = (channel_max(img) - channel_min(img))[valid]
    if float(np.percentile(spread, 99)) > MONOCHROME_SPREAD:
        return False
    coloured = int(np.count_nonzero(spread > COLOURED_SPREAD))
    return coloured < max(MIN_COLOURED, COLOURED_SHARE * spread.size)


def flat(ref: np.ndarray) -> np.ndarray:
    """Pixels whose neighbourhood in the clean reference is one colour: there blur,
    JPEG and a pixel of misregistration cannot change the colour the camera records."""
    kernel = np.ones((FLAT_SIDE, FLAT_SIDE), np.uint8)
    spread = channel_max(cv2.dilate(ref, kernel) - cv2.erode(ref, kernel))
    return spread < FLAT_SPREAD


def _basis(shape: tuple[int, int], ys: np.ndarray, xs: np.ndarray) -> np.ndarray:
    y = ys / shape[0] - 0.5
    x = xs / shape[1] - 0.5
    return np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=1)


def _fit_gain(design: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Least squares, reweighted so that a minority of outlying pixels loses its pull."""
    weight = np.ones(len(target), np.float32)
    coef = np.zeros(design.shape[1], np.float32)
    for _ in range(IRLS_ROUNDS):
        weighted = design * (weight * weight)[:, None]
        normal = weighted.T @ design + 1e-3 * np.eye(design.shape[1], dtype=np.float32)
        coef = np.linalg.solve(normal, weighted.T @ target)
        resid = np.abs(design @ coef - target)
        spread = 1.4826 * np.median(resid) + 1.0
        weight = 1.0 / np.maximum(1.0, resid / (2.5 * spread))
    return coef


def camera_view(ref: np.ndarray, photo: np.ndarray, judged: np.ndarray) -> np.ndarray:
    """``ref`` rendered as the photo's camera saw it (``lit_view``)."""
    return lit_view(ref, photo, judged)[0]


def lit_view(
    ref: np.ndarray, photo: np.ndarray, judged: np.ndarray, tone: Tone | None = None
) -> tuple[np.ndarray, Tone]:
    """``ref`` (BGR, the photo's frame) rendered with the photo's lighting, tone curve and
    clipping, as float32. ``judged`` marks the flat, visible pixels the model is fitted on.

    The lamp's fall-off is one quadratic field shared by the three channels; each channel
    has its own gain, tilted at most linearly (white balance, a warmer lamp at one end);
    one tone curve (:class:`Tone`) serves all three. Three free quadratics, one a
    channel, bent apart where the item's flat pixels are few or dark and tinted its print
    there (cream bars on a dark carton read pink: a black-box tester's light-on-dark
    barcode was flagged on every photo), and a gain alone cannot make a camera's tone
    curve: a bright header and a dark ground cannot both fit it, and the dark one read as
    a shadow or a saturated emblem as recoloured. A single power cannot recolour one ink
    and leave the others: a changed colour stays a difference. ``tone`` is the curve
    when the caller knows it (it is the camera's, whatever part of the item the gains
    are fitted on); the curve used is returned with the view."""
    r = ref.astype(np.float32)
    height, width = ref.shape[:2]
    picked = _picked(r, photo, judged)
    if tone is None:
        tone = _tone_curve(picked)
    shape = _shape([(b, tone(v), t) for _, b, v, t in picked])
    x = (np.arange(width, dtype=np.float32) / width - 0.5)[None, :]
    y = (np.arange(height, dtype=np.float32) / height - 0.5)[:, None]
    # Neither field is carried past the values it takes where it was fitted: on a carton
    # whose only flat colour is its header, a quadratic fitted there doubled the light
    # at the bottom, and the whole dark ground read as a shadow.
    seen_at = np.concatenate([_at(shape, basis) for _, basis, *_ in picked]) if picked else None
    fall_off = _fall_off(shape, x, y)
    if seen_at is not None:
        fall_off = np.clip(fall_off, seen_at.min(), seen_at.max())
    out = np.empty_like(r)
    # the reference is 8-bit: its tones through the curve by table, not by power
    toned = tone(np.arange(256, dtype=np.float32))[ref] if ref.dtype == np.uint8 else tone(r)
    by_channel = {ch: (basis, values, target) for ch, basis, values, target in picked}
    for ch in range(3):
        gain = np.ones((1, 1), np.float32)
        if ch in by_channel:
            basis, values, target = by_channel[ch]
            lit = np.clip(_at(shape, basis), seen_at.min(), seen_at.max()) * tone(values)
            a, b, c = (float(v) for v in _fit_gain(basis[:, :3] * lit[:, None], target))
            tilt = basis[:, :3] @ np.float32([a, b, c])
            gain = np.clip(a + b * x + c * y, tilt.min(), tilt.max())
        out[..., ch] = gain * fall_off * toned[..., ch]
    return np.clip(out, 0, 255), tone


GAMMAS = (0.6, 0.7, 0.85, 1.0, 1.2, 1.4, 1.7)  # tone curves searched (1.0: none)
# S-shaped contrasts searched with the power (logistic slopes). Cheap and phone cameras
# steepen the mid-tones and press the ends (crushed shadows, rolled-off highlights); a
# power alone made a saturated emblem under such a curve read as recoloured.
CONTRASTS = (3.0, 5.0, 8.0)
GAMMA_GAIN = 0.9  # a curve must cut the fit's error to this share of no curve's
TONE_BANDS = ((8, 70), (70, 150), (150, 256))  # reference tones a curve is judged over


SPAN_LINEAR = 0.25  # of the item's side the flat pixels must span for a field to tilt
SPAN_CURVED = 0.5  # ... and to curve along it


def _terms(picked: list) -> np.ndarray:
    """Which of the quadratic's terms the flat pixels can tell: a field is only tilted or
    curved along a direction they span (a carton's header alone says nothing of how the
    light falls down the carton; fitted there, a quadratic in y doubled it at the bottom
    and tinted the print). 1 for a term kept, 0 for one left out."""
    if not picked:
        return np.ones(6, np.float32)
    coords = np.concatenate([basis[:, 1:3] for _, basis, *_ in picked])
    lo, hi = np.percentile(coords, [5, 95], axis=0)
    span_x, span_y = hi - lo
    tilt_x, tilt_y = span_x >= SPAN_LINEAR, span_y >= SPAN_LINEAR
    bend_x, bend_y = span_x >= SPAN_CURVED, span_y >= SPAN_CURVED
    return np.float32([1, tilt_x, tilt_y, bend_x, bend_x and bend_y, bend_y])


@dataclass(frozen=True)
class Tone:
    """The camera's tone curve: a power, then an S-shaped contrast round mid-grey (a
    logistic of slope ``contrast``, stretched back to 0..255; 0: none). Two numbers for
    the whole photo: a curve that could bend one ink's tone alone would explain a
    recoloured emblem away."""

    power: float = 1.0
    contrast: float = 0.0

    def __call__(self, values: np.ndarray) -> np.ndarray:
        if self.power == 1.0 and self.contrast == 0.0:
            return values
        x = np.power(np.clip(values, 0, 255) / 255.0, self.power, dtype=np.float32)
        if self.contrast:
            k = self.contrast
            lo, hi = 1 / (1 + np.exp(k / 2)), 1 / (1 + np.exp(-k / 2))
            x = (1 / (1 + np.exp(-k * (x - 0.5))) - lo) / (hi - lo)
        return (255.0 * x).astype(np.float32)


NO_TONE = Tone()


def _tone_curve(picked: list) -> Tone:
    """The tone curve under which one shared shape and a gain a channel fit best: the
    median relative error on a few thousand flat pixels, in each band of the reference's
    tones, averaged over the bands. A curve is only told from a gain across tones: on a
    pale tag whose flat pixels are all light, a curve bent to fit their noise darkened
    a red emblem into a recoloured one. With fewer than two bands filled, none. The power
    is chosen first, then an S-shaped contrast on top of it, each only when it cuts the
    error to GAMMA_GAIN of what the curve without it leaves."""
    if not picked:
        return NO_TONE
    step = max(1, sum(len(t) for *_, t in picked) // 2000)
    values = np.concatenate([v[::step] for _, _, v, _ in picked])
    bands = [(values >= lo) & (values < hi) for lo, hi in TONE_BANDS]
    bands = [b for b in bands if b.sum() >= max(60, 0.05 * len(values))]
    if len(bands) < 2:
        return NO_TONE

    def error(tone: Tone) -> float:
        rows = [(b[::step], tone(v[::step]), t[::step]) for _, b, v, t in picked]
        design, target = _stacked(rows)
        miss = np.abs(design @ _fit_gain(design, target) - target) / (target + 16.0)
        return float(np.mean([np.median(miss[b]) for b in bands]))

    def better(tried: dict[Tone, float], than: Tone) -> Tone:
        best = min(tried, key=tried.get)
        return best if tried[best] < GAMMA_GAIN * tried[than] else than

    powers = {Tone(g): error(Tone(g)) for g in GAMMAS}
    power = better(powers, NO_TONE)
    if len(bands) < len(TONE_BANDS):
        return power  # over two bands of tones a power and a gain fit any curve
    # an S-curve darkens the lower tones as a stronger power does, so the power that
    # goes with it is the one chosen alone or up to two steps weaker
    at = GAMMAS.index(power.power)
    steeper = {
        Tone(g, k): error(Tone(g, k)) for g in GAMMAS[max(0, at - 2) : at + 1] for k in CONTRASTS
    }
    return better({**steeper, power: powers[power]}, power)


def _stacked(rows: list) -> tuple[np.ndarray, np.ndarray]:
    """Each channel's samples scaled by its overall gain (white balance), stacked."""
    designs, targets = [], []
    for basis, lit, target in rows:
        balance = float(np.median(target / np.maximum(lit, 1.0)))
        designs.append(basis * (balance * lit)[:, None])
        targets.append(target)
    return np.concatenate(designs), np.concatenate(targets)


def _shape(rows: list) -> list[float]:
    """The lamp's fall-off shared by the channels: a quadratic's coefficients, 1 at the
    centre (no fall-off when nothing is fitted)."""
    if not rows:
        return [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    step = max(1, sum(len(t) for *_, t in rows) // FIT_SAMPLES)
    rows = [(b[::step], v[::step], t[::step]) for b, v, t in rows]
    c = [float(v) for v in _fit_gain(*_stacked(rows))]
    return [v / c[0] for v in c] if c[0] > 1e-3 else [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def _at(shape: list[float], basis: np.ndarray) -> np.ndarray:
    return np.clip(basis @ np.float32(shape), 0.05, None)


def _fall_off(shape: list[float], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    c = shape
    field = c[0] + c[1] * x + c[2] * y + c[3] * x * x + c[4] * x * y + c[5] * y * y
    return np.clip(field, 0.05, None)


def _picked(r: np.ndarray, photo: np.ndarray, judged: np.ndarray) -> list:
    """Per channel: its flat, unclipped, inked samples' basis rows (only the terms they
    can tell, ``_terms``), reference and photo values, both a little blurred."""
    rb = _blur(r, SMOOTH)
    q = _blur(photo.astype(np.float32), SMOOTH)
    height, width = r.shape[:2]
    picked = []
    for ch in range(3):
        ys, xs = _samples(judged & (photo[..., ch] < CLIPPED) & (rb[..., ch] > 8))
        if len(ys) >= 200:
            basis = _basis((height, width), ys.astype(np.float32), xs.astype(np.float32))
            picked.append((ch, basis, rb[..., ch][ys, xs], q[..., ch][ys, xs]))
    terms = _terms(picked)
    return [(ch, basis * terms, v, t) for ch, basis, v, t in picked]


def _samples(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Up to about FIT_SAMPLES of the mask's pixels, evenly spread."""
    ys, xs = np.nonzero(mask)
    step = max(1, len(ys) // FIT_SAMPLES)
    return ys[::step], xs[::step]


def noise(img: np.ndarray, judged: np.ndarray) -> float:
    """The photo's noise (grey levels, robust sigma) on pixels the reference has flat: what
    is left there after a blur is sensor noise and JPEG, never the artwork. A dim, high-ISO
    photo gets as much more tolerance as its grain needs."""
    if judged.sum() < 200:
        return 0.0
    residual = np.abs(img - _blur(img, 2.5))[judged]
    return float(1.4826 * np.median(residual))


def colour_difference(seen: np.ndarray, photo: np.ndarray, judged: np.ndarray) -> np.ndarray:
    """Per-pixel colour departure in [0, 1] on flat pixels; 0 where a channel is clipped
    in the photo (its true value is unknown) and away from flat pixels."""
    expected = _blur(seen, SMOOTH)
    actual = _blur(photo.astype(np.float32), SMOOTH)
    clipped = _blur((photo >= CLIPPED).astype(np.float32), 2.0) > 0.05
    # a colour the reference has within SHIFT pixels is no departure: chromatic
    # aberration and a pixel of misregistration fringe every edge with its neighbour
    window = np.ones((2 * SHIFT + 1, 2 * SHIFT + 1), np.uint8)
    lo, hi = cv2.erode(expected, window), cv2.dilate(expected, window)
    # a channel the ink lacks reads above zero: the black level, noise that cannot go
    # below zero and the tone curve lift the darkest values of every photo
    hi = np.maximum(hi, DARK_LIFT)
    signed = (actual - np.clip(actual, lo, hi)) * ~clipped
    allowed = TOLERANCE + RELATIVE * expected
    grain = NOISE_WIDTHS * noise(actual, judged)
    weight = judged.astype(np.float32)
    # Per pixel, the grain is allowed on top; averaged over a wider patch the grain
    # cancels (it departs both ways) while a changed ink departs one way everywhere, so
    # a recoloured ground is still seen on a dim, noisy photo.
    fine = channel_max(np.abs(signed) / (allowed + grain))
    support = _blur(weight, 1.5)
    fine = _blur(fine * weight, 1.5) / (support + 1e-3)
    wide_support = _blur(weight, WIDE)
    mean = _blur(signed * weight[..., None], WIDE) / (wide_support[..., None] + 1e-3)
    wide = channel_max(np.abs(mean) / allowed) * (wide_support > 0.25)
    return np.clip(np.maximum(fine, wide) - 1.0, 0, 1) * (support > 0.25)


def _opponent(bgr: np.ndarray) -> np.ndarray:
    """Two opponent channels (red-green, blue-yellow) in grey levels: hue and strength of
    colour without the brightness the structure map already judges."""
    b, g, r = bgr[..., 0], bgr[..., 1], bgr[..., 2]
    return np.dstack([r - g, b - 0.5 * (r + g)])


def chroma_difference(
    seen: np.ndarray, photo: np.ndarray, judged: np.ndarray, valid: np.ndarray, sigma: float
) -> np.ndarray:
    """Per-pixel hue departure in [0, 1] everywhere visible, edges included: a recoloured
    emblem made of dots and thin strokes has no flat pixel for :func:`colour_difference`.

    Both sides are blurred alike (the reference also by the photo's own blur ``sigma``), so
    where two inks meet they mix the same way in both; the nearest opponent colour within
    CHROMA_SHIFT pixels forgives chromatic aberration and misregistration."""
    expected = _opponent(_blur(seen, float(np.hypot(sigma, CHROMA_BLUR))))
    actual = _opponent(_blur(photo.astype(np.float32), CHROMA_BLUR))
    clipped = _blur(channel_max(photo).astype(np.float32), 1.5) >= CLIPPED - 10
    grain = noise(actual, judged)
    strength = np.maximum(np.abs(expected[..., 0]), np.abs(expected[..., 1]))
    span = CHROMA_TOLERANCE + NOISE_WIDTHS * grain + CHROMA_RELATIVE * strength
    error = None
    for dy in range(-CHROMA_SHIFT, CHROMA_SHIFT + 1):
        for dx in range(-CHROMA_SHIFT, CHROMA_SHIFT + 1):
            moved = np.roll(expected, (dy, dx), axis=(0, 1))
            diff = np.abs(actual - moved)
            gap = np.maximum(diff[..., 0], diff[..., 1]) / np.roll(span, (dy, dx), axis=(0, 1))
            error = gap if error is None else np.minimum(error, gap)
    return np.clip(error - 1.0, 0, 1) * (valid & ~clipped)


def colour_map(
    seen: np.ndarray, photo: np.ndarray, judged: np.ndarray, valid: np.ndarray, sigma: float
) -> np.ndarray:
    """Where the photo's colour departs from the lit reference: inks on flat areas
    (:func:`colour_difference`) and hues anywhere, thin strokes included
    (:func:`chroma_difference`)."""
    return np.maximum(
        colour_difference(seen, photo, judged),
        chroma_difference(seen, photo, judged, valid, sigma),
    )
