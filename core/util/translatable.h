// Marks texts of the core that the workbench shows translated, without Qt in the core.
#pragma once

/// `text` as it is. lupdate reads GVAE_TRANSLATE_NOOP as QT_TRANSLATE_NOOP
/// (-tr-function-alias, translations/CMakeLists.txt), so the .ts files hold the text under
/// `context`; the workbench looks it up with QCoreApplication::translate(context, text). The
/// core and the CLI use the English text.
#define GVAE_TRANSLATE_NOOP(context, text) text
