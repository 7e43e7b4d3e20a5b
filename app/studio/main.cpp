// graphvae-studio: the workbench window, or its headless figure export and screenshot.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

#include "app/studio/main_window.h"
#include "app/studio/sweep_panel.h"
#include "core/eval/sweep.h"
#include "widgets/ablation_plot.h"
#include "widgets/figure_export.h"

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

// The command line, declared once for the window and for --help / --version, which must work
// without a display (a QApplication aborts on a machine with none).
struct StudioCli {
  QCommandLineParser parser;
  const QCommandLineOption run{
      {QStringLiteral("run")}, QStringLiteral("Open this run file."), QStringLiteral("RUN.h5")};
  const QCommandLineOption train{{QStringLiteral("train")},
                                 QStringLiteral("Start training the settings shown at once "
                                                "(the last ones used, or the embedded default: "
                                                "graph on sprites).")};
  const QCommandLineOption figures{{QStringLiteral("export-figures")},
                                   QStringLiteral("Write every figure of --run as PNG, SVG and "
                                                  "PDF (plus metrics.csv, dag.dot) and exit."),
                                   QStringLiteral("DIR")};
  const QCommandLineOption shot{{QStringLiteral("screenshot")},
                                QStringLiteral("Render the whole window to a PNG and exit."),
                                QStringLiteral("FILE.png")};
  const QCommandLineOption figure_size{
      {QStringLiteral("figure-size")},
      QStringLiteral("With --export-figures: PNGs of exactly W x H pixels (e.g. 1600x1000); "
                     "default: each view's size on screen."),
      QStringLiteral("WxH")};
  const QCommandLineOption dpi{{QStringLiteral("dpi")},
                               QStringLiteral("With --export-figures: the PNGs' resolution "
                                              "(text grows with it) [96]."),
                               QStringLiteral("D"),
                               QStringLiteral("96")};
  const QCommandLineOption lang{{QStringLiteral("lang")},
                                QStringLiteral("Language (de, en); default: the system's."),
                                QStringLiteral("CODE")};
  const QCommandLineOption raise{
      {QStringLiteral("raise")},
      QStringLiteral(
          "Bring this dock to the front (setup, training, "
          "curves, gates, dag, latent, traversal, samples, "
          "evaluate, compare, structure, disentanglement, runs), e.g. before --screenshot."),
      QStringLiteral("DOCK")};
  const QCommandLineOption sweep{
      {QStringLiteral("sweep")},
      QStringLiteral("Open this sweep folder (graphvae sweep --out-dir): "
                     "its ablation figure and its runs."),
      QStringLiteral("DIR")};
  const QCommandLineOption ablation{
      {QStringLiteral("export-ablation")},
      QStringLiteral("Write the ablation figure of this sweep folder as DIR/ablation.png, .svg "
                     "and .pdf and exit (what graphvae sweep --collect runs)."),
      QStringLiteral("DIR")};
  const QCommandLineOption layout{{QStringLiteral("layout")},
                                  QStringLiteral("Arrange the docks as this layout (training, "
                                                 "analysis, report) and keep it."),
                                  QStringLiteral("NAME")};

  StudioCli() {
    parser.setApplicationDescription(
        QStringLiteral("GraphVAE Studio: train and inspect VAEs with a "
                       "learned latent dependency structure."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions(
        {run, train, figures, figure_size, dpi, shot, lang, raise, layout, sweep, ablation});
    parser.addPositionalArgument(QStringLiteral("RUN.h5"), QStringLiteral("A run file to open."));
  }
};

void setApplicationNames() {
  QCoreApplication::setOrganizationName(QStringLiteral("graphvae"));
  QCoreApplication::setApplicationName(QStringLiteral("graphvae-studio"));
  QCoreApplication::setApplicationVersion(QStringLiteral(GRAPHVAE_VERSION));
}

// --figure-size WxH (empty: on-screen sizes) and --dpi D as export options; false if malformed.
bool parseFigureOptions(const QString& size, const QString& dpi, gvae::ExportOptions* out) {
  bool ok = false;
  out->dpi = dpi.toDouble(&ok);
  if (!ok || !(out->dpi >= 24 && out->dpi <= 2400)) return false;
  if (size.isEmpty()) return true;
  const QStringList wh = size.split(QLatin1Char('x'));
  if (wh.size() != 2) return false;
  bool ok_w = false, ok_h = false;
  const int w = wh[0].toInt(&ok_w), h = wh[1].toInt(&ok_h);
  if (!ok_w || !ok_h || w < 16 || h < 16 || w > 20000 || h > 20000) return false;
  out->pixels = QSize(w, h);
  return true;
}

// --export-ablation DIR: the sweep's figure alone, without the window (its folder is read here:
// nothing else runs).
int exportAblation(const QString& dir, const QCommandLineParser& cli, const StudioCli& options) {
  gvae::ExportOptions export_options;
  if (!parseFigureOptions(cli.value(options.figure_size), cli.value(options.dpi), &export_options))
    return fail(QStringLiteral("--figure-size wants WxH and --dpi a number from 24 to 2400"));
  std::vector<gvae::SweepRow> rows;
  gvae::SweepGrid grid;
  gvae::Status st = gvae::collectSweep(dir.toStdString(), &rows, &grid);
  if (!st) return fail(QString::fromStdString(st.message));
  std::string metric;
  gvae::AblationPlot plot;
  plot.resize(720, 480);
  const auto series = gvae::ablationSeries(rows, &metric);  // fills metric
  plot.setSeries(series, QString::fromStdString(metric), QDir(dir).dirName());
  st = gvae::exportFigures({&plot}, dir,
                           {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")},
                           export_options);
  return st ? 0 : fail(QString::fromStdString(st.message));
}

// --help and --version print and exit before any window system is touched.
bool asksOnlyForHelpOrVersion(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const QLatin1String a(argv[i]);
    if (a == QLatin1String("-h") || a == QLatin1String("--help") || a == QLatin1String("-?") ||
        a == QLatin1String("--help-all") || a == QLatin1String("-v") ||
        a == QLatin1String("--version"))
      return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (asksOnlyForHelpOrVersion(argc, argv)) {
    QCoreApplication core(argc, argv);
    setApplicationNames();
    StudioCli cli;
    cli.parser.process(core);  // prints and exits
    return 0;
  }
  QApplication app(argc, argv);
  setApplicationNames();
  if (!gvae::MainWindow::useRunFileChecker(QCoreApplication::applicationDirPath()))
    std::fprintf(stderr,
                 "graphvae-studio: graphvae is not beside this program: run files without a "
                 "digest (schema 1, damaged) are parsed in this process\n");
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/graphvae-studio.svg")));

  StudioCli options;
  QCommandLineParser& cli = options.parser;
  const QCommandLineOption &run = options.run, &train = options.train, &figures = options.figures,
                           &shot = options.shot, &lang = options.lang, &raise = options.raise;
  cli.process(app);
  QString language = cli.value(lang);
  if (language.isEmpty()) language = QSettings().value(QStringLiteral("language")).toString();
  installTranslations(app, language);

  if (cli.isSet(options.ablation)) return exportAblation(cli.value(options.ablation), cli, options);
  gvae::MainWindow window;
  QString path = cli.value(run);
  if (path.isEmpty() && !cli.positionalArguments().isEmpty())
    path = cli.positionalArguments().constFirst();
  const bool headless = cli.isSet(figures) || cli.isSet(shot);
  if (cli.isSet(options.sweep)) {
    bool read = false;
    QObject::connect(window.sweep(), &gvae::SweepPanel::loaded, [&read] { read = true; });
    window.openSweep(cli.value(options.sweep));
    while (headless && !read) app.processEvents(QEventLoop::WaitForMoreEvents);
  }
  if (cli.isSet(options.layout)) {
    if (!gvae::MainWindow::layoutNames().contains(cli.value(options.layout)))
      return fail(cli.value(options.layout) + QStringLiteral(": no such layout (training, "
                                                             "analysis, report)"));
    window.applyLayout(cli.value(options.layout));
  }
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
      gvae::ExportOptions export_options;
      if (!parseFigureOptions(cli.value(options.figure_size), cli.value(options.dpi),
                              &export_options))
        return fail(QStringLiteral("--figure-size wants WxH (two whole numbers from 16 to "
                                   "20000) and --dpi a number from 24 to 2400, got '%1' and '%2'")
                        .arg(cli.value(options.figure_size), cli.value(options.dpi)));
      gvae::Status st = window.exportAllFigures(cli.value(figures), export_options);
      if (!st) return fail(QString::fromStdString(st.message));
    }
    // What the views queued once laid out (a plot replots when its layout changed how many
    // tick labels fit) is drawn before the grab: the scatter's labels had run together.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 300) app.processEvents(QEventLoop::AllEvents, 50);
    if (cli.isSet(shot) && !window.grab().save(cli.value(shot)))
      return fail(cli.value(shot) + QStringLiteral(": cannot write the screenshot"));
    return 0;
  }
  if (cli.isSet(train)) QTimer::singleShot(0, &window, [&window] { window.startTraining(); });
  return app.exec();
}
