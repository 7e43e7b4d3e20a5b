// graphvae-studio: the workbench window, or its headless figure export and screenshot.
#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

#include "app/studio/main_window.h"

namespace {

// German (or another shipped language) by the "language" setting, --lang, or the system locale.
void installTranslations(QApplication& app, const QString& lang) {
  const QLocale locale = lang.isEmpty() ? QLocale::system() : QLocale(lang);
  auto* ours = new QTranslator(&app);
  if (ours->load(locale, QStringLiteral("graphvae"), QStringLiteral("_"), QStringLiteral(":/i18n")))
    app.installTranslator(ours);
  auto* qt = new QTranslator(&app);
  if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    app.installTranslator(qt);
}

int fail(const QString& message) {
  std::fprintf(stderr, "graphvae-studio: %s\n", qPrintable(message));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("graphvae"));
  QApplication::setApplicationName(QStringLiteral("graphvae-studio"));
  QApplication::setApplicationVersion(QStringLiteral(GRAPHVAE_VERSION));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/graphvae-studio.svg")));

  QCommandLineParser cli;
  cli.setApplicationDescription(
      QStringLiteral("GraphVAE Studio: train and inspect VAEs with a "
                     "learned latent dependency structure."));
  cli.addHelpOption();
  cli.addVersionOption();
  const QCommandLineOption run({QStringLiteral("run")}, QStringLiteral("Open this run file."),
                               QStringLiteral("RUN.h5"));
  const QCommandLineOption train({QStringLiteral("train")},
                                 QStringLiteral("Start training the settings shown at once "
                                                "(the embedded default: graph on sprites)."));
  const QCommandLineOption figures({QStringLiteral("export-figures")},
                                   QStringLiteral("Write every figure of --run as PNG, SVG and "
                                                  "PDF (plus metrics.csv, dag.dot) and exit."),
                                   QStringLiteral("DIR"));
  const QCommandLineOption shot({QStringLiteral("screenshot")},
                                QStringLiteral("Render the whole window to a PNG and exit."),
                                QStringLiteral("FILE.png"));
  const QCommandLineOption lang({QStringLiteral("lang")},
                                QStringLiteral("Language (de, en); default: the system's."),
                                QStringLiteral("CODE"));
  const QCommandLineOption raise({QStringLiteral("raise")},
                                 QStringLiteral("Bring this dock to the front (setup, training, "
                                                "curves, gates, dag, latent, traversal, samples, "
                                                "compare, structure), e.g. before --screenshot."),
                                 QStringLiteral("DOCK"));
  cli.addOptions({run, train, figures, shot, lang, raise});
  cli.addPositionalArgument(QStringLiteral("RUN.h5"), QStringLiteral("A run file to open."));
  cli.process(app);
  QString language = cli.value(lang);
  if (language.isEmpty()) language = QSettings().value(QStringLiteral("language")).toString();
  installTranslations(app, language);

  gvae::MainWindow window;
  QString path = cli.value(run);
  if (path.isEmpty() && !cli.positionalArguments().isEmpty())
    path = cli.positionalArguments().constFirst();
  const bool headless = cli.isSet(figures) || cli.isSet(shot);
  window.show();
  if (cli.isSet(raise)) {
    auto* dock = window.findChild<QDockWidget*>(cli.value(raise));
    if (!dock) return fail(cli.value(raise) + QStringLiteral(": no such dock"));
    dock->show();
    dock->raise();
  }
  if (!path.isEmpty()) {
    bool done = false, ok = false;
    QObject::connect(&window, &gvae::MainWindow::runLoaded, [&] { done = ok = true; });
    QObject::connect(&window, &gvae::MainWindow::runFailedToLoad, [&](const QString& m) {
      done = true;
      if (headless) fail(m);
    });
    window.openRun(path);
    if (headless) {
      while (!done) app.processEvents(QEventLoop::WaitForMoreEvents);
      if (!ok) return 1;
      if (!window.waitForAnalysis(300000)) return fail(QStringLiteral("analysis timed out"));
      if (!window.analysisError().isEmpty())
        return fail(path + QStringLiteral(": ") + window.analysisError());
    }
  }
  if (headless) {
    if (cli.isSet(figures)) {
      gvae::Status st = window.exportAllFigures(cli.value(figures));
      if (!st) return fail(QString::fromStdString(st.message));
    }
    if (cli.isSet(shot) && !window.grab().save(cli.value(shot)))
      return fail(cli.value(shot) + QStringLiteral(": cannot write the screenshot"));
    return 0;
  }
  if (cli.isSet(train)) QTimer::singleShot(0, &window, [&window] { window.startTraining(); });
  return app.exec();
}
