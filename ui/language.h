#pragma once

// The languages the user interface speaks, and loading them: the inspector's own translations
// (compiled into the program) and Qt's (its dialogs and buttons), plus the matching QLocale so
// dates and numbers follow the language.

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace wci {

// The codes of the languages with a translation: "en" (the source language) and "zh_CN".
QStringList availableLanguages();
// A language's name in that language ("English", "简体中文"), for the menu that picks one.
QString languageNativeName(const QString &code);
// `code` as given on the command line or in the settings, made canonical ("zh-CN", "zh_cn" and
// "zh" are "zh_CN"); "" for "system" and the empty string. `ok` is false for a language
// without a translation.
QString canonicalLanguage(const QString &code, bool *ok);
// The language to use: `requested` when it names one, else the system locale's when it has a
// translation, else English.
QString resolveLanguage(const QString &requested);
// Installs the translators for `code` (a canonical code) on `app` and makes its locale the
// default. Returns false when the inspector's translation could not be loaded (English stays).
bool installTranslations(QCoreApplication *app, const QString &code);

} // namespace wci
