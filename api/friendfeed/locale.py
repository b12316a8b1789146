"""The strings the API itself writes, in the page's 10 locales (`locale=`, default en).

"We will automatically choose the closest match": `es-gt` → `es`, `zh` / `zh-tw` → `zh-cn`.
"""

from __future__ import annotations

LOCALES = ("en", "de", "es", "fa", "fr", "it", "ja", "ru", "tr", "zh-cn")

# key → locale → text; {n} and {name} are filled in.
STRINGS: dict[str, dict[str, str]] = {
    "more_comments": {
        "en": "{n} more comments",
        "de": "{n} weitere Kommentare",
        "es": "{n} comentarios más",
        "fa": "{n} نظر دیگر",
        "fr": "{n} commentaires de plus",
        "it": "altri {n} commenti",
        "ja": "他{n}件のコメント",
        "ru": "ещё {n} комментариев",
        "tr": "{n} yorum daha",
        "zh-cn": "另外 {n} 条评论",
    },
    "other_people": {
        "en": "{n} other people",
        "de": "{n} andere Personen",
        "es": "{n} personas más",
        "fa": "{n} نفر دیگر",
        "fr": "{n} autres personnes",
        "it": "altre {n} persone",
        "ja": "他{n}人",
        "ru": "ещё {n} человек",
        "tr": "{n} kişi daha",
        "zh-cn": "另外 {n} 人",
    },
    "commented": {
        "en": "{name} commented on this",
        "de": "{name} hat dies kommentiert",
        "es": "{name} comentó esto",
        "fa": "{name} درباره این نظر داد",
        "fr": "{name} a commenté ceci",
        "it": "{name} ha commentato",
        "ja": "{name}がコメントしました",
        "ru": "{name} прокомментировал(а) это",
        "tr": "{name} bunu yorumladı",
        "zh-cn": "{name} 评论了此条目",
    },
    "liked": {
        "en": "{name} liked this",
        "de": "{name} gefällt das",
        "es": "a {name} le gustó esto",
        "fa": "{name} این را پسندید",
        "fr": "{name} a aimé ceci",
        "it": "a {name} piace",
        "ja": "{name}がいいね！と言っています",
        "ru": "{name} нравится это",
        "tr": "{name} bunu beğendi",
        "zh-cn": "{name} 喜欢此条目",
    },
    "to": {
        "en": "to",
        "de": "an",
        "es": "para",
        "fa": "به",
        "fr": "à",
        "it": "a",
        "ja": "→",
        "ru": "для",
        "tr": "kime:",
        "zh-cn": "发给",
    },
    "feed_of": {
        "en": "{name}'s feed",
        "de": "Feed von {name}",
        "es": "Feed de {name}",
        "fa": "فید {name}",
        "fr": "Flux de {name}",
        "it": "Feed di {name}",
        "ja": "{name}のフィード",
        "ru": "Лента {name}",
        "tr": "{name} akışı",
        "zh-cn": "{name} 的动态",
    },
    "home": {
        "en": "Home",
        "de": "Startseite",
        "es": "Inicio",
        "fa": "خانه",
        "fr": "Accueil",
        "it": "Home",
        "ja": "ホーム",
        "ru": "Главная",
        "tr": "Ana sayfa",
        "zh-cn": "首页",
    },
    "direct": {
        "en": "Direct messages",
        "de": "Direktnachrichten",
        "es": "Mensajes directos",
        "fa": "پیام‌های خصوصی",
        "fr": "Messages directs",
        "it": "Messaggi diretti",
        "ja": "ダイレクトメッセージ",
        "ru": "Личные сообщения",
        "tr": "Doğrudan mesajlar",
        "zh-cn": "私信",
    },
    "discussions": {
        "en": "My discussions",
        "de": "Meine Diskussionen",
        "es": "Mis conversaciones",
        "fa": "بحث‌های من",
        "fr": "Mes discussions",
        "it": "Le mie discussioni",
        "ja": "マイディスカッション",
        "ru": "Мои обсуждения",
        "tr": "Tartışmalarım",
        "zh-cn": "我的讨论",
    },
    "friends": {
        "en": "Friends",
        "de": "Freunde",
        "es": "Amigos",
        "fa": "دوستان",
        "fr": "Amis",
        "it": "Amici",
        "ja": "友達",
        "ru": "Друзья",
        "tr": "Arkadaşlar",
        "zh-cn": "好友",
    },
    "groups": {
        "en": "Groups",
        "de": "Gruppen",
        "es": "Grupos",
        "fa": "گروه‌ها",
        "fr": "Groupes",
        "it": "Gruppi",
        "ja": "グループ",
        "ru": "Группы",
        "tr": "Gruplar",
        "zh-cn": "小组",
    },
    "searches": {
        "en": "Saved searches",
        "de": "Gespeicherte Suchen",
        "es": "Búsquedas guardadas",
        "fa": "جستجوهای ذخیره‌شده",
        "fr": "Recherches enregistrées",
        "it": "Ricerche salvate",
        "ja": "保存した検索",
        "ru": "Сохранённые поиски",
        "tr": "Kayıtlı aramalar",
        "zh-cn": "已保存的搜索",
    },
    "public": {
        "en": "Everyone",
        "de": "Alle",
        "es": "Todos",
        "fa": "همه",
        "fr": "Tout le monde",
        "it": "Tutti",
        "ja": "みんな",
        "ru": "Все",
        "tr": "Herkes",
        "zh-cn": "所有人",
    },
    "search": {
        "en": "Search",
        "de": "Suche",
        "es": "Búsqueda",
        "fa": "جستجو",
        "fr": "Recherche",
        "it": "Cerca",
        "ja": "検索",
        "ru": "Поиск",
        "tr": "Arama",
        "zh-cn": "搜索",
    },
    "best_of": {
        "en": "Best of {name}",
        "de": "Das Beste von {name}",
        "es": "Lo mejor de {name}",
        "fa": "بهترین‌های {name}",
        "fr": "Le meilleur de {name}",
        "it": "Il meglio di {name}",
        "ja": "{name}のベスト",
        "ru": "Лучшее: {name}",
        "tr": "{name} en iyileri",
        "zh-cn": "{name} 精选",
    },
    "notifications": {
        "en": "Notifications",
        "de": "Benachrichtigungen",
        "es": "Notificaciones",
        "fa": "اعلان‌ها",
        "fr": "Notifications",
        "it": "Notifiche",
        "ja": "通知",
        "ru": "Уведомления",
        "tr": "Bildirimler",
        "zh-cn": "通知",
    },
}


def choose(raw: str | None) -> str:
    """The closest supported locale: exact, then the language part, then en."""
    value = (raw or "").strip().lower().replace("_", "-")
    if value in LOCALES:
        return value
    language = value.split("-")[0]
    if language == "zh":
        return "zh-cn"
    return language if language in LOCALES else "en"


def text(key: str, locale: str, **values: object) -> str:
    table = STRINGS[key]
    return table.get(locale, table["en"]).format(**values)
