// MainWindow: docks, menus and the live wiring of training progress into the views.
#include "app/studio/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>

#include "app/studio/analysis_controller.h"
#include "app/studio/analysis_panels.h"
#include "app/studio/compare_panel.h"
#include "app/studio/disentanglement_panel.h"
#include "app/studio/evaluate_panel.h"
#include "app/studio/model_summary.h"
#include "app/studio/run_setup_panel.h"
#include "app/studio/runs_panel.h"
#include "app/studio/structure_panel.h"
#include "app/studio/sweep_panel.h"
#include "app/studio/training_controller.h"
#include "app/studio/training_panel.h"
#include "core/models/model_registry.h"
#include "widgets/curve_plot.h"
#include "widgets/dag_panel.h"
#include "widgets/dag_view.h"
#include "widgets/gate_plot.h"
#include "widgets/image_grid_view.h"
#include "widgets/node_kl_bars.h"
#include "widgets/roc_view.h"

namespace gvae {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("MainWindow"));
  setWindowTitle(tr("GraphVAE Studio"));
  setAcceptDrops(true);
  setDockNestingEnabled(true);
  training_ = new TrainingController(this);
  analysis_ = new AnalysisController(this);
  // Weight snapshots go from the training thread to the analysis thread directly. training_
  // was created first, so it is destroyed first: its trainer is joined before analysis_ goes.
  training_->setSnapshotSink([analysis = analysis_](std::shared_ptr<const ModelSnapshot> s) {
    analysis->setSource({s->config, std::shared_ptr<const Checkpoint>(s, &s->weights), {}});
  });
  buildDocks();
  buildMenus();
  status_file_ = new QLabel;
  statusBar()->addPermanentWidget(status_file_);

  connect(training_, &TrainingController::progressed, this, &MainWindow::onProgress);
  connect(training_, &TrainingController::ended, this, &MainWindow::onTrainingEnded);
  connect(analysis_, &AnalysisController::gridReady, this, &MainWindow::onGrid);
  connect(analysis_, &AnalysisController::latentsReady, this, &MainWindow::onLatents);
  connect(analysis_, &AnalysisController::sourceLoaded, this,
          [this](int nodes, int node_dim, qint64 images) {
            traversal_->setModelShape(nodes, node_dim, images);
            if (record_.gate_pairs.empty() && nodes != dag_nodes_) setDagGraph(nodes, {});
          });
  connect(analysis_, &AnalysisController::failed, this, [this](const QString& m) {
    analysis_failed_ = true;
    analysis_error_ = m;
    statusBar()->showMessage(tr("Analysis: %1").arg(m));
    Q_EMIT analysisUpdated();
  });
  connect(controls_, &TrainingPanel::startRequested, this, &MainWindow::onStart);
  connect(controls_, &TrainingPanel::pauseRequested, this, [this](bool pause) {
    if (pause)
      training_->pause();
    else
      training_->resume();
  });
  connect(controls_, &TrainingPanel::stopRequested, training_, &TrainingController::stop);
  connect(dag_, &DagPanel::freezeRequested, this, [this](int i, int j, int state) {
    if (!training_->active()) {
      statusBar()->showMessage(
          tr("Gates can be frozen only while a run trains (start or resume one)"));
      return;
    }
    training_->freezeGate(i, j, state);
  });
  connect(dag_, &DagPanel::freezeConvergedRequested, this, [this](double eps) {
    if (training_->active()) training_->freezeConverged(eps);
  });
  connect(traversal_, &TraversalPanel::traversalRequested, analysis_,
          &AnalysisController::requestTraversal);
  connect(traversal_, &TraversalPanel::inputRequested, this,
          [this](qint64 i) { analysis_->requestInputs({i}); });
  connect(samples_, &SamplesPanel::samplesRequested, analysis_,
          &AnalysisController::requestSamples);
  connect(samples_, &SamplesPanel::reconstructionsRequested, analysis_,
          &AnalysisController::requestReconstructions);
  connect(setup_, &RunSetupPanel::changed, this, &MainWindow::updateActions);
  connect(compare_, &ComparePanel::startRequested, this, [this] {
    const QString err = setup_->validationError();
    if (!err.isEmpty()) {
      showError(tr("Cannot compare"), err);
      return;
    }
    compare_->start(setup_->config());
  });
  connect(compare_, &ComparePanel::modelCompared, this,
          [this](const QString& model, const std::vector<EpochMetrics>& epochs) {
            curves_->addOverlay(model, epochs);
          });
  connect(compare_, &ComparePanel::runningChanged, this, &MainWindow::updateActions);
  connect(evaluate_, &EvaluatePanel::startRequested, this, [this] {
    const RunConfig c = setup_->config();  // device and threads of the run setup
    evaluate_->start(c.device, static_cast<int>(c.threads));
  });
  connect(evaluate_, &EvaluatePanel::runningChanged, this, &MainWindow::updateActions);
  connect(runs_, &RunsPanel::openRequested, this, &MainWindow::openRun);
  connect(sweep_, &SweepPanel::folderOpened, this, [this](const QString& dir) {
    runs_->addFolder(dir);  // its runs: open, resume, overlay their curves
  });
  connect(runs_, &RunsPanel::resumeRequested, this, [this](const QString& p) { resumeRun(p); });
  connect(runs_, &RunsPanel::overlayRequested, this, [this](const QStringList& paths) {
    for (const QString& p : paths) overlayRun(p);
  });
  connect(evaluate_, &EvaluatePanel::disentanglementScored, this,
          [this](const DisentanglementReport& report) {
            RunConfig cfg;
            RunConfig::fromKeyValues(record_.config, &cfg);
            record_.disentanglement = report;  // as the file now holds it
            disentanglement_->setReport(report, static_cast<int>(cfg.node_dim));
          });
  connect(evaluate_, &EvaluatePanel::evaluated, this, [this](const QString& path) {
    statusBar()->showMessage(tr("Evaluated %1; the results are stored in the file").arg(path));
  });

  QSettings settings;
  // The last window and docks, or the first size and the layout last chosen.
  const QString layout = settings.value(QStringLiteral("window/layout")).toString();
  if (layoutNames().contains(layout) && layout != layout_) applyLayout(layout);
  if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
    fitToScreen();
  // The last session's docks keep their sizes: the layout's proportions are not applied over.
  if (restoreState(settings.value(QStringLiteral("window/state")).toByteArray()))
    size_docks_ = nullptr;
  setup_->restoreSettings();  // the last run setup, or the embedded default
  rebuildRecentMenu();
  updateActions();
  status_file_->setText(tr("No run"));
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(QWidget* w, const QString& title, const QString& name,
                                 Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(name);  // restoreState() finds docks by name
  dock->setWidget(w);
  addDockWidget(area, dock);
  docks_.insert(name, dock);
  return dock;
}

void MainWindow::buildDocks() {
  setup_ = new RunSetupPanel;
  controls_ = new TrainingPanel;
  auto* curve_box = new QWidget;
  curves_ = new CurvePlot;
  node_kl_ = new NodeKlBars;
  {
    auto* split = new QHBoxLayout(curve_box);
    split->addWidget(curves_, 3);
    split->addWidget(node_kl_, 1);
  }
  gates_ = new GatePlot;
  dag_ = new DagPanel;
  latents_ = new LatentPanel;
  traversal_ = new TraversalPanel;
  samples_ = new SamplesPanel;
  compare_ = new ComparePanel;
  evaluate_ = new EvaluatePanel;
  runs_ = new RunsPanel;
  structure_ = new StructurePanel;
  disentanglement_ = new DisentanglementPanel;
  roc_ = new RocView;
  roc_->setObjectName(QStringLiteral("roc"));
  sweep_ = new SweepPanel;
  setCentralWidget(nullptr);
  // The run setup's 17 rows scroll rather than set the window's least height (it came up
  // 1060 pixels tall, taller than a 768-pixel screen).
  auto* setup_scroll = new QScrollArea;
  setup_scroll->setWidget(setup_);
  setup_scroll->setWidgetResizable(true);
  setup_scroll->setFrameShape(QFrame::NoFrame);
  setup_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setup_scroll->setMinimumWidth(setup_->minimumSizeHint().width() +
                                setup_scroll->verticalScrollBar()->sizeHint().width());
  // The docks' places and sizes come from applyLayout().
  addDock(setup_scroll, tr("Run setup"), QStringLiteral("setup"), Qt::LeftDockWidgetArea);
  // The left column runs the window's full height; the analysis tabs sit under the plots only.
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  addDock(controls_, tr("Training"), QStringLiteral("training"), Qt::LeftDockWidgetArea);
  addDock(runs_, tr("Runs"), QStringLiteral("runs"), Qt::LeftDockWidgetArea);
  addDock(curve_box, tr("Curves"), QStringLiteral("curves"), Qt::RightDockWidgetArea);
  addDock(gates_, tr("Gates"), QStringLiteral("gates"), Qt::RightDockWidgetArea);
  addDock(dag_, tr("Latent DAG"), QStringLiteral("dag"), Qt::RightDockWidgetArea);
  addDock(latents_, tr("Latent analysis"), QStringLiteral("latent"), Qt::BottomDockWidgetArea);
  addDock(traversal_, tr("Traversal"), QStringLiteral("traversal"), Qt::BottomDockWidgetArea);
  // Short titles: nine of them share one tab bar, which must fit 1366 pixels.
  addDock(samples_, tr("Samples"), QStringLiteral("samples"), Qt::BottomDockWidgetArea);
  addDock(roc_, tr("Link prediction"), QStringLiteral("link"), Qt::BottomDockWidgetArea);
  addDock(evaluate_, tr("Evaluate"), QStringLiteral("evaluate"), Qt::BottomDockWidgetArea);
  addDock(compare_, tr("Compare models"), QStringLiteral("compare"), Qt::BottomDockWidgetArea);
  addDock(structure_, tr("Structure"), QStringLiteral("structure"), Qt::BottomDockWidgetArea);
  addDock(disentanglement_, tr("Disentanglement"), QStringLiteral("disentanglement"),
          Qt::BottomDockWidgetArea);
  addDock(sweep_, tr("Sweep"), QStringLiteral("sweep"), Qt::BottomDockWidgetArea);
  fitToScreen();
  applyLayout(QStringLiteral("training"));
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open run…"), this, &MainWindow::onOpen);
  open->setShortcut(QKeySequence::Open);
  recent_menu_ = file->addMenu(tr("Open &recent"));
  file->addAction(tr("&Overlay run for comparison…"), this, &MainWindow::onOpenOverlay);
  file->addAction(tr("Clear overlays"), this, [this] { curves_->clearOverlays(); });
  file->addAction(tr("Open s&weep folder…"), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open sweep folder"));
    if (!dir.isEmpty()) openSweep(dir);
  });
  resume_action_ = file->addAction(tr("&Resume training"), this, &MainWindow::onResume);
  resume_action_->setObjectName(QStringLiteral("resumeAction"));
  save_as_action_ = file->addAction(tr("Save run &as…"), this, &MainWindow::onSaveAs);
  save_as_action_->setShortcut(QKeySequence::SaveAs);
  file->addSeparator();
  QAction* exp = file->addAction(tr("&Export figure…"), this, &MainWindow::onExportFigure);
  exp->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  file->addAction(tr("Export &all figures…"), this, &MainWindow::onExportAll);
  file->addAction(tr("Export &metrics as CSV…"), this, &MainWindow::onExportMetrics);
  file->addAction(tr("Export the DAG as .&dot…"), this, &MainWindow::onExportDot);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  view_menu_ = menuBar()->addMenu(tr("&View"));
  for (QDockWidget* d : findChildren<QDockWidget*>()) view_menu_->addAction(d->toggleViewAction());
  view_menu_->addSeparator();
  QMenu* layouts = view_menu_->addMenu(tr("La&yout"));
  auto* layout_group = new QActionGroup(layouts);
  const QStringList titles{tr("&Training: setup, curves, gates and DAG"),
                           tr("&Analysis: latent views large"),
                           tr("&Report: curves, DAG, gates and latents in quarters")};
  for (int k = 0; k < layoutNames().size(); ++k) {
    QAction* a = layouts->addAction(titles[k]);
    a->setData(layoutNames()[k]);
    a->setCheckable(true);
    a->setChecked(layoutNames()[k] == layout_);
    layout_group->addAction(a);
    layout_actions_.append(a);
    connect(a, &QAction::triggered, this, [this, name = layoutNames()[k]] { applyLayout(name); });
  }
  layouts->addSeparator();
  QAction* reset = layouts->addAction(tr("Reset &layout"), this, &MainWindow::resetLayout);
  reset->setToolTip(tr("The window's first size and the chosen layout's arrangement"));

  // The language is read once at start-up (main.cpp): the system's unless set here.
  QMenu* language = view_menu_->addMenu(tr("&Language"));
  auto* languages = new QActionGroup(language);
  const QString current = QSettings().value(QStringLiteral("language")).toString();
  const QList<QPair<QString, QString>> choices{{QString(), tr("System default")},
                                               {QStringLiteral("en"), QStringLiteral("English")},
                                               {QStringLiteral("de"), QStringLiteral("Deutsch")}};
  for (const auto& [code, name] : choices) {
    QAction* a = language->addAction(name);
    a->setCheckable(true);
    a->setChecked(code == current);
    languages->addAction(a);
    connect(a, &QAction::triggered, this, [this, code = code] {
      QSettings().setValue(QStringLiteral("language"), code);
      statusBar()->showMessage(tr("The language changes when GraphVAE Studio starts next time."));
    });
  }

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About GraphVAE Studio"), this, [this] {
    QMessageBox::about(
        this, tr("About GraphVAE Studio"),
        tr("<b>GraphVAE Studio %1</b><p>A workbench for variational autoencoders whose latent "
           "space carries a learned dependency structure (He et al., ICLR 2019).</p>")
            .arg(QApplication::applicationVersion()));
  });
}

void MainWindow::onProgress(const MailboxContents& c) {
  if (!c.steps.empty()) {
    curves_->appendSteps(c.steps);
    record_.steps.insert(record_.steps.end(), c.steps.begin(), c.steps.end());
  }
  if (!c.epochs.empty()) {
    curves_->appendEpochs(c.epochs);
    gates_->appendEpochs(c.epochs);
    node_kl_->setNodeKl(c.epochs.back().node_kl);
    showEpochStructure(c.epochs.back());
    record_.epochs.insert(record_.epochs.end(), c.epochs.begin(), c.epochs.end());
    training_->requestSnapshot();  // the analysis views follow each finished epoch
  }
  for (const TrainingEvent& e : c.events) {
    record_.events.push_back(e);
    statusBar()->showMessage(tr("Epoch %1, step %2: %3")
                                 .arg(e.epoch)
                                 .arg(e.step)
                                 .arg(QString::fromStdString(e.message)));
  }
  if (c.latest) {
    const LiveStatus& s = *c.latest;
    if (record_.gate_pairs != s.gate_pairs) {
      record_.gate_pairs = s.gate_pairs;
      gates_->setGatePairs(s.gate_pairs);
      gates_->appendEpochs(record_.epochs);
      setDagGraph(dag_nodes_, s.gate_pairs);
    }
    if (!s.gate_mu.empty()) dag_->setGates(s.gate_mu, s.gate_frozen);
    controls_->setStatus(s, batch_size_);
    if (s.state == TrainerState::kRunning && snapshot_epoch_ < 0) {
      snapshot_epoch_ = 0;
      training_->requestSnapshot();  // first pictures from the initial weights
    }
  }
  if (c.snapshot) {  // the analysis thread has it already (the snapshot sink)
    checkpoint_ = std::shared_ptr<const Checkpoint>(c.snapshot, &c.snapshot->weights);
    if (record_.config != c.snapshot->config) {
      record_.config = c.snapshot->config;
      requestAnalysis();
    }
  }
}

void MainWindow::onTrainingEnded(TrainerState state, const QString& message) {
  setup_->setEditable(true);
  controls_->setIdle(setup_->validationError().isEmpty());
  updateActions();
  if (state == TrainerState::kFailed) {
    showError(tr("Training failed"), message);
  } else {
    statusBar()->showMessage(state == TrainerState::kFinished
                                 ? tr("Training finished: %1").arg(run_path_)
                                 : tr("Training stopped; the run file keeps every finished "
                                      "epoch: %1")
                                       .arg(run_path_));
  }
  addRecent(run_path_);
  // The file is now the whole truth (last checkpoint, trimmed rows): show exactly it, and let
  // the analysis views decode its final weights.
  if (!isVisible() || !QFileInfo::exists(run_path_)) return;
  openRun(run_path_);
}

void MainWindow::onGrid(const GridResult& r) {
  if (r.kind == QLatin1String("traversal")) {
    traversal_->showGrid(r);
    got_traversal_ = true;
  } else if (r.kind == QLatin1String("inputs")) {
    traversal_->showInput(r);
  } else {
    samples_->showGrid(r);
    (r.kind == QLatin1String("samples") ? got_samples_ : got_recon_) = true;
  }
  Q_EMIT analysisUpdated();
}

void MainWindow::onLatents(std::shared_ptr<const LatentAnalysis> a) {
  if (a && a->link)
    roc_->setCurve(a->link->fpr, a->link->tpr, a->link->auc, a->link->ap, a->link->positives,
                   tr("validation"));
  else
    roc_->clear(tr("Link prediction is a graph model's (gae, vgae): none for this run"));
  latents_->setAnalysis(std::move(a));
  got_latents_ = true;
  Q_EMIT analysisUpdated();
}

void MainWindow::describeStructure(const QString& model) {
  // What the note says follows the model's row in the registry; its summary names the model.
  const ModelInfo* info = findModel(model.toStdString());
  const GateKind gates = info ? info->gates : GateKind::kNone;
  const QString summary = info ? modelSummary(*info) : model;
  QString note;
  if (gates == GateKind::kFixed)
    note = tr("%1: its gates are fixed, not learned.").arg(summary);
  else if (gates == GateKind::kNone)
    note = tr("%1: no explicit graph between latent nodes.").arg(summary);
  else if (info && info->data == DataKind::kStrokes)
    note =
        tr("Gates within a step (z_i → z_j) and from the previous step (z_i(t−1) → z_j), "
           "shared over time.");
  structure_note_ = note;
  structure_controls_ = gates == GateKind::kLearned;
  dag_->setNote(note, structure_controls_);
}

void MainWindow::showEpochStructure(const EpochMetrics& e) {
  dag_->view()->setImportance(e.importance_relaxed, e.importance_sampled);
  if (e.structure) structure_->setReport(*e.structure);
  // Hard validation gates round unconverged ones: say so, the ELBO then judges a structure
  // that training never sees.
  int unconverged = 0;
  for (size_t g = 0; g < e.gate_mu.size(); ++g)
    unconverged += g < e.gate_frozen.size() && e.gate_frozen[g] < 0 && e.gate_mu[g] > 0.05 &&
                   e.gate_mu[g] < 0.95;
  QString note = structure_note_;
  if (e.valid_gates == "hard" && unconverged > 0)
    note += (note.isEmpty() ? QString() : QStringLiteral("\n")) +
            tr("Validation rounds %n unconverged gate(s) (0.05 < μ < 0.95): its ELBO judges a "
               "structure that training never samples.",
               nullptr, unconverged);
  dag_->setNote(note, structure_controls_);
}

void MainWindow::setDagGraph(int nodes, const std::vector<std::pair<int, int>>& pairs) {
  for (const auto& [i, j] : pairs) nodes = std::max({nodes, i, j});
  dag_nodes_ = nodes;
  dag_->setGraph(nodes, pairs);
}

void MainWindow::requestAnalysis() {
  got_samples_ = got_recon_ = got_traversal_ = got_latents_ = false;
  analysis_failed_ = false;
  analysis_error_.clear();
  analysis_->requestSamples(8, 8, samples_->seed());
  analysis_->requestReconstructions(8, 4, 0);
  TraversalRequest r = traversal_->request();
  analysis_->requestTraversal(r);
  if (r.input_index >= 0) analysis_->requestInputs({r.input_index});
  analysis_->requestLatents(2000);
}

void MainWindow::resetViews(const RunRecord& record) {
  curves_->clear();
  curves_->appendSteps(record.steps);
  curves_->appendEpochs(record.epochs);
  gates_->setGatePairs(record.gate_pairs);
  gates_->appendEpochs(record.epochs);
  RunConfig cfg;
  RunConfig::fromKeyValues(record.config, &cfg);
  dag_nodes_ = 0;
  setDagGraph(static_cast<int>(cfg.nodes), record.gate_pairs);
  if (!record.epochs.empty()) {
    dag_->setGates(record.epochs.back().gate_mu, record.epochs.back().gate_frozen);
    node_kl_->setNodeKl(record.epochs.back().node_kl);
    showEpochStructure(record.epochs.back());
    // A run file keeps the report of its last `graphvae structure`, not one per epoch.
    if (record.structure)
      structure_->setReport(*record.structure);
    else
      structure_->clear();
  } else {
    structure_->clear();
    node_kl_->setNodeKl({});
    dag_->view()->setImportance({}, {});
  }
  disentanglement_->setReport(record.disentanglement, static_cast<int>(cfg.node_dim));
  latents_->clear();
  // Pictures of another run's weights would pass for this one's until its first epoch.
  samples_->samples()->clear();
  samples_->reconstructions()->clear();
  traversal_->grid()->clear();
}

}  // namespace gvae

namespace gvae {

void MainWindow::openSweep(const QString& dir) {
  sweep_->openFolder(dir);
  if (QDockWidget* d = docks_.value(QStringLiteral("sweep"))) {
    d->show();
    d->raise();
  }
}

}  // namespace gvae
