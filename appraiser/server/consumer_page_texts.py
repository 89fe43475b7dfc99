"""Every word the consumer page says, in English and Simplified Chinese (DESIGN §3.5).

Kept apart from the markup so a translator sees all of it at once and a test can check that
both languages say the same things. The status words are written so nobody can misread them:
anything but a genuine, valid label starts with "NOT VALID" / "无效" and says why in plain
words, without internal detail (no reason, no replacement serial, no appraisal id).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    GENUINE = "genuine"  # a valid signature on a live label
    REVOKED = "revoked"  # the verdict was amended away from genuine
    VOIDED = "voided"  # replaced by a reprint: this copy must not be on an item
    UNKNOWN = "unknown"  # no such serial was ever issued
    PENDING = "pending"  # unknown serial, valid signature: the bench has not synced it (B2)
    BAD_SIGNATURE = "bad_signature"  # the scanned code was altered, forged or truncated
    MALFORMED = "malformed"  # the scanned URI is not a valid GS1 Digital Link at all
    UNAVAILABLE = "unavailable"  # the check could not be made now (database away)
    UNSCANNED = "unscanned"  # the page opened without any d h k s: nothing to check (N5)
    BUSY = "busy"  # too many checks from this network just now (429, finding N7)


LANGUAGES = ("en", "zh-CN")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Label check",
        "genuine.head": "GENUINE — this label is valid",
        "genuine.body": "This item was appraised and found genuine. The label's signature "
        "is valid and the label is in force.",
        "revoked.head": "NOT VALID — this label was revoked",
        "revoked.body": "The appraisal behind this label was changed: the item is no longer "
        "certified genuine. Do not rely on this label.",
        "revoked.lot.head": "NOT VALID — this label was withdrawn",
        "revoked.lot.body": "The batch this item belongs to was re-examined and no longer "
        "passes, so the labels of that batch were withdrawn. Do not rely on this label.",
        "voided.head": "NOT VALID — this label was voided",
        "voided.body": "This label was cancelled and replaced. A voided label on an item "
        "may be a copy. Do not rely on it.",
        "unknown.head": "NOT VALID — unknown label",
        "unknown.body": "No label with this serial was ever issued. The label may be counterfeit.",
        "pending.head": "Not registered yet — check again later",
        "pending.body": "This label's signature is valid, but its appraisal record has not "
        "reached this service yet — check again later. Until then this page cannot confirm "
        "the appraisal.",
        "bad_signature.head": "NOT VALID — signature invalid",
        "bad_signature.body": "The code you scanned does not carry a valid signature: it was "
        "altered, copied wrongly or forged. Do not rely on this label.",
        "malformed.head": "NOT VALID — this code is malformed",
        "malformed.body": "The code you scanned is not a valid label code: it is not a label "
        "of ours. The label may be counterfeit.",
        "unavailable.head": "The check is temporarily unavailable",
        "unavailable.body": "The label check service cannot answer right now. Please try "
        "again in a few minutes. This says nothing about your item.",
        "unscanned.head": "Open this page by scanning the label's QR code",
        "unscanned.body": "This address was opened without the code printed on the label, so "
        "there is nothing to check. Scan the QR code on the item's label with your phone's "
        "camera to see whether the label is valid.",
        "busy.head": "Too many checks from your network",
        "busy.body": "Please wait a moment and scan again. This says nothing about your item.",
        "caution.head": "Caution: this code has been scanned in suspicious ways",
        "caution.body": "This label's code was scanned unusually often or by unusually many "
        "people, which is what copied labels look like. Check the tag: the photos and details "
        "below must match your item.",
        "since": "since {day}",
        "serial": "Label serial",
        "appraised": "Appraised on",
        "station": "Appraisal station",
        "product": "Product",
        "lot": "Batch accepted by sampling: {n} of {N} units appraised",
        "lot.note": "This unit belongs to a batch that was accepted on the result of a "
        "sample; this unit itself may not have been examined.",
        "lot.withdrawn": "Batch withdrawn on {day}",
        "lot.withdrawn.undated": "Batch withdrawn",
        "lot.withdrawn.note": "The batch was re-examined and its acceptance was withdrawn.",
        "photos": "Photos taken at appraisal",
        "video": "Inspection video",
        "video.part": "Part {i} of {n}",
        "no_media": "No photos or video are published for this label.",
        "footer": "Checked by the appraisal service's resolver. Scans are logged to detect "
        "copied labels.",
        "product.head": "This code names a product, not one appraised item",
        "product.body": "Every appraised item has its own label whose QR code carries a serial "
        "number. Scan that label to see the item's appraisal and whether its label is valid.",
    },
    "zh-CN": {
        "title": "标签验证",
        "genuine.head": "正品 — 此标签有效",
        "genuine.body": "该商品已经鉴定，结论为正品。标签签名有效，标签处于有效状态。",
        "revoked.head": "无效 — 此标签已被撤销",
        "revoked.body": "此标签对应的鉴定结论已被更改：该商品不再被认证为正品。请勿信赖此标签。",
        "revoked.lot.head": "无效 — 此标签已被撤回",
        "revoked.lot.body": "此商品所属的批次经重新检验后不再合格，该批次的标签已被撤回。"
        "请勿信赖此标签。",
        "voided.head": "无效 — 此标签已作废",
        "voided.body": "此标签已作废并由新标签替换。贴在商品上的作废标签可能是复制品。"
        "请勿信赖此标签。",
        "unknown.head": "无效 — 未知标签",
        "unknown.body": "从未签发过此序列号的标签。该标签可能是伪造的。",
        "pending.head": "尚未登记 — 请稍后再查",
        "pending.body": "此标签的签名有效，但其鉴定记录尚未送达本服务 — 请稍后再查。"
        "在此之前，本页面无法确认鉴定结果。",
        "bad_signature.head": "无效 — 签名不符",
        "bad_signature.body": "您扫描的二维码没有有效签名：它已被篡改、复制错误或伪造。"
        "请勿信赖此标签。",
        "malformed.head": "无效 — 此二维码格式错误",
        "malformed.body": "您扫描的二维码不是有效的标签码，不是本服务签发的标签。"
        "该标签可能是伪造的。",
        "unavailable.head": "验证服务暂时不可用",
        "unavailable.body": "标签验证服务目前无法应答，请几分钟后再试。"
        "这并不说明您的商品有任何问题。",
        "unscanned.head": "请扫描标签上的二维码打开此页面",
        "unscanned.body": "此网址打开时未带有标签上印制的验证码，因此无从验证。"
        "请用手机相机扫描商品标签上的二维码，查看该标签是否有效。",
        "busy.head": "您所在网络的验证请求过多",
        "busy.body": "请稍候片刻再扫描。这并不说明您的商品有任何问题。",
        "caution.head": "注意：此二维码的扫描情况可疑",
        "caution.body": "此标签的二维码被扫描的次数或扫描人数异常多，这是复制标签的常见迹象。"
        "请核对标签：下方的照片和信息必须与您的商品一致。",
        "since": "自 {day} 起",
        "serial": "标签序列号",
        "appraised": "鉴定日期",
        "station": "鉴定工作站",
        "product": "商品",
        "lot": "该批次经抽样检验合格：{N} 件中抽检 {n} 件",
        "lot.note": "此件商品所属批次根据抽样结果判定合格；此件商品本身不一定经过检验。",
        "lot.withdrawn": "该批次已于 {day} 撤回",
        "lot.withdrawn.undated": "该批次已撤回",
        "lot.withdrawn.note": "该批次经重新检验，原合格判定已撤回。",
        "photos": "鉴定时拍摄的照片",
        "video": "鉴定视频",
        "video.part": "第 {i} 段，共 {n} 段",
        "no_media": "此标签未公开照片或视频。",
        "footer": "由鉴定服务的解析器验证。扫描会被记录，用于发现复制的标签。",
        "product.head": "此代码标识的是商品型号，而不是某一件已鉴定的商品",
        "product.body": "每件已鉴定的商品都有自己的标签，标签上的二维码带有序列号。"
        "请扫描该标签，查看该商品的鉴定结果以及标签是否有效。",
    },
}


def language(accept_language: str | None) -> str:
    """``zh-CN`` or ``en`` from an ``Accept-Language`` header: the highest-weighted tag we
    speak wins (any ``zh`` tag counts as Chinese); English when none matches."""
    best, best_q = "en", -1.0
    for order, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        q = _quality(params)
        if q <= 0:
            continue
        ours = "zh-CN" if tag.startswith("zh") else "en" if tag.startswith("en") else None
        # earlier tags win ties (a tiny penalty per position keeps the sender's order)
        score = q - order * 1e-6
        if ours and score > best_q:
            best, best_q = ours, score
    return best


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def text(lang: str, key: str, **values: object) -> str:
    return TEXTS[lang][key].format(**values)
