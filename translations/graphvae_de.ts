<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DatasetClasses</name>
    <message>
        <location filename="../core/training/run_config.h" line="+114"/>
        <source>square</source>
        <translation>Quadrat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ellipse</source>
        <translation>Ellipse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>triangle</source>
        <translation>Dreieck</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cross</source>
        <translation>Kreuz</translation>
    </message>
</context>
<context>
    <name>ModelRegistry</name>
    <message>
        <location filename="../core/models/model_registry.cpp" line="+27"/>
        <source>VAE: independent Gaussian nodes, N(0, I) prior</source>
        <translation>VAE: unabhängige Gauß-Knoten, Prior N(0, I)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ladder VAE: a fixed chain z_N -&gt; ... -&gt; z_1 of top-down priors</source>
        <translation>Ladder-VAE: eine feste Kette z_N -&gt; ... -&gt; z_1 von Top-down-Priors</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>FC-VAE: every edge z_i -&gt; z_j (i &gt; j) fixed on</source>
        <translation>FC-VAE: jede Kante z_i -&gt; z_j (i &gt; j) fest eingeschaltet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Graph VAE: the latent DAG&apos;s Bernoulli gates learned with the model</source>
        <translation>Graph-VAE: die Bernoulli-Gates des latenten DAG, mit dem Modell gelernt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>GraphLSTMVAE: one LSTM over z_N..z_1 predicts every prior; no explicit graph</source>
        <translation>GraphLSTMVAE: ein LSTM über z_N..z_1 sagt jeden Prior vorher; kein expliziter Graph</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>VAE with inverse autoregressive flows on the posterior</source>
        <translation>VAE mit inversen autoregressiven Flows auf dem Posterior</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Graph VAE with inverse autoregressive flows after each node</source>
        <translation>Graph-VAE mit inversen autoregressiven Flows nach jedem Knoten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Gaussian graphical posterior with a chain (tridiagonal) precision</source>
        <translation>Gaußscher graphischer Posterior mit Ketten-Präzision (tridiagonal)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Gaussian graphical posterior with a 2-D grid (block-tridiagonal) precision</source>
        <translation>Gaußscher graphischer Posterior mit 2-D-Gitter-Präzision (block-tridiagonal)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>RecurrentGraphVAE on pen strokes: self and recurrent gates shared over time</source>
        <translation>RecurrentGraphVAE auf Stiftstrichen: Selbst- und rekurrente Gates, über die Zeit geteilt</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Semi-supervised VAE: a class y observed for --labels examples, classifier q(y|x), style z</source>
        <translation>Halbüberwachter VAE: eine Klasse y, beobachtet für --labels Beispiele, Klassifikator q(y|x), Stil z</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>TELBO: images and attributes, product-of-experts inference, the triple ELBO; images from attribute queries</source>
        <translation>TELBO: Bilder und Attribute, Product-of-Experts-Inferenz, das Triple-ELBO; Bilder aus Attributanfragen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Graph auto-encoder: a GCN encoder and an inner-product decoder, for link prediction</source>
        <translation>Graph-Autoencoder: ein GCN-Encoder und ein Skalarprodukt-Decoder, für Link-Vorhersage</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Variational graph auto-encoder: a Gaussian per node from the GCN, for link prediction</source>
        <translation>Variationaler Graph-Autoencoder: eine Gauß-Verteilung je Knoten aus dem GCN, für Link-Vorhersage</translation>
    </message>
</context>
<context>
    <name>gvae::AblationPlot</name>
    <message>
        <location filename="../widgets/ablation_plot.cpp" line="+32"/>
        <source>N&apos; (dimensions per latent node)</source>
        <translation>N&apos; (Dimensionen je latentem Knoten)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>log-likelihood</source>
        <translation>Log-Likelihood</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1, M = %2</source>
        <translation>%1, M = %2</translation>
    </message>
    <message>
        <location line="+27"/>
        <source> (nats)</source>
        <translation> (nats)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No finished run in this sweep yet</source>
        <translation>Noch kein fertiger Lauf in diesem Sweep</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 against N&apos; at fixed M = N × N&apos;%2</source>
        <translation>%1 über N&apos; bei festem M = N × N&apos;%2</translation>
    </message>
</context>
<context>
    <name>gvae::AnalysisController</name>
    <message>
        <location filename="../app/studio/analysis_controller.cpp" line="+47"/>
        <source>A graph auto-encoder decodes edges, not images: its embedding is in Latent analysis, its link prediction in Link prediction.</source>
        <translation>Ein Graph-Autoencoder dekodiert Kanten, keine Bilder: seine Einbettung steht unter Analyse des Latentraums, seine Link-Vorhersage unter Link-Vorhersage.</translation>
    </message>
</context>
<context>
    <name>gvae::ComparePanel</name>
    <message>
        <location filename="../app/studio/compare_panel.cpp" line="+43"/>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trains each checked model with the run setup&apos;s settings and this budget, then evaluates it on the test set</source>
        <translation>Trainiert jedes markierte Modell mit den Einstellungen der Laufkonfiguration und diesem Budget und wertet es dann auf dem Testsatz aus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IW samples K</source>
        <translation>IW-Samples K</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test images</source>
        <translation>Testbilder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>test ELBO</source>
        <translation>Test-ELBO</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>test NLL</source>
        <translation>Test-NLL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>test KL</source>
        <translation>Test-KL</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>log-likelihood</source>
        <translation>Log-Likelihood</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>active units</source>
        <translation>aktive Einheiten</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Comparison folder</source>
        <translation>Ordner des Vergleichs</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Check at least one model and choose a folder.</source>
        <translation>Markieren Sie mindestens ein Modell und wählen Sie einen Ordner.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Starting…</source>
        <translation>Starte…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1: evaluating on the test set… %2 %</source>
        <translation>%1: Auswertung auf dem Testsatz… %2 %</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: epoch %2 of %3</source>
        <translation>%1: Epoche %2 von %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: evaluating on the test set…</source>
        <translation>%1: Auswertung auf dem Testsatz…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Stopped; the finished runs are kept in %1</source>
        <translation>Gestoppt; die fertigen Läufe bleiben in %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done: results.md, results.csv, results.tex and curves.csv in %1</source>
        <translation>Fertig: results.md, results.csv, results.tex und curves.csv in %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Comparison failed: %1</source>
        <translation>Vergleich fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>gvae::CurvePlot</name>
    <message>
        <location filename="../widgets/curve_plot.cpp" line="+60"/>
        <source>ELBO</source>
        <translation>ELBO</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NLL</source>
        <translation>NLL</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+515"/>
        <source>τ</source>
        <translation>τ</translation>
    </message>
    <message>
        <location line="-514"/>
        <source>AUC</source>
        <translation>AUC</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AP</source>
        <translation>AP</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ELBO, NLL or KL (train and validation), the schedule of the gate temperature τ or the learning rate (lr), the epoch&apos;s mean gradient norm before clipping (‖∇‖), the validation KL of each latent node (KL/z), or a graph model&apos;s link prediction on the validation edges: ROC AUC or average precision (AP)</source>
        <translation>ELBO, NLL oder KL (Training und Validierung), der Verlauf der Gate-Temperatur τ oder der Lernrate (lr), die mittlere Gradientennorm der Epoche vor dem Clipping (‖∇‖), die Validierungs-KL jedes latenten Knotens (KL/z) oder die Link-Vorhersage eines Graphmodells auf den Validierungskanten: ROC-AUC oder Average Precision (AP)</translation>
    </message>
    <message>
        <location line="+514"/>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location line="-508"/>
        <location line="+497"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location line="-506"/>
        <source>lr</source>
        <translation>lr</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+497"/>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location line="-286"/>
        <source>EMA weight of the per-step train curve</source>
        <translation>EMA-Gewicht der Trainingskurve pro Schritt</translation>
    </message>
    <message>
        <location line="-203"/>
        <source>log x</source>
        <translation>log x</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>‖∇‖</source>
        <translation>‖∇‖</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>KL/z</source>
        <translation>KL/z</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>x axis:</source>
        <translation>x-Achse:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Smoothing:</source>
        <translation>Glättung:</translation>
    </message>
    <message>
        <location line="+40"/>
        <location line="+4"/>
        <location line="+131"/>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <location line="-127"/>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Link prediction is measured for graph models only</source>
        <translation>Link-Vorhersage wird nur für Graphmodelle gemessen</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Per-epoch curves are drawn unsmoothed</source>
        <translation>Kurven pro Epoche werden ungeglättet gezeichnet</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>%1 (smoothed)</source>
        <translation>%1 (geglättet)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1
%2: %3
%4: %5</source>
        <translation>%1
%2: %3
%4: %5</translation>
    </message>
    <message>
        <location line="+221"/>
        <source>NLL (nats)</source>
        <translation>NLL (nats)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>KL (nats)</source>
        <translation>KL (nats)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>τ (gate temperature)</source>
        <translation>τ (Gate-Temperatur)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>gradient norm before clipping (epoch mean)</source>
        <translation>Gradientennorm vor dem Clipping (Mittel der Epoche)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>gradient norm</source>
        <translation>Gradientennorm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>validation KL per node (nats)</source>
        <translation>Validierungs-KL je Knoten (nats)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>KL/z (nats)</source>
        <translation>KL/z (nats)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>validation ROC AUC (held-out edges)</source>
        <translation>Validierungs-ROC-AUC (zurückgehaltene Kanten)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>validation AUC</source>
        <translation>Validierungs-AUC</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>validation average precision</source>
        <translation>Validierungs-Average-Precision</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>validation AP</source>
        <translation>Validierungs-AP</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ELBO (nats)</source>
        <translation>ELBO (nats)</translation>
    </message>
</context>
<context>
    <name>gvae::DagPanel</name>
    <message>
        <location filename="../widgets/dag_panel.cpp" line="+28"/>
        <source>Tolerance ε of &quot;Freeze converged&quot;</source>
        <translation>Toleranz ε für „Konvergierte einfrieren“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ε:</source>
        <translation>ε:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Freeze converged</source>
        <translation>Konvergierte einfrieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Freeze every free gate whose mean has converged, |μ − round(μ)| &lt; ε, to round(μ) (0 or 1).</source>
        <translation>Jedes freie Gate, dessen Mittelwert konvergiert ist, |μ − round(μ)| &lt; ε, auf round(μ) (0 oder 1) einfrieren.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sample a structure</source>
        <translation>Struktur ziehen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Draw one graph: each free edge is present with probability μ; frozen edges keep their value.</source>
        <translation>Einen Graphen ziehen: Jede freie Kante ist mit Wahrscheinlichkeit μ vorhanden; eingefrorene Kanten behalten ihren Wert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show μ</source>
        <translation>μ anzeigen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draw every edge by its mean μ again.</source>
        <translation>Jede Kante wieder nach ihrem Mittelwert μ zeichnen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Width: μ</source>
        <translation>Breite: μ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Width: importance</source>
        <translation>Breite: Wichtigkeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draw edges by their gate mean μ, or by importance: how much the validation ELBO drops when the edge is forced off (measured after each epoch).</source>
        <translation>Kanten nach ihrem Gate-Mittelwert μ zeichnen oder nach Wichtigkeit: wie stark die Validierungs-ELBO fällt, wenn die Kante abgeschaltet wird (nach jeder Epoche gemessen).</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matrix</source>
        <translation>Matrix</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The DAG, or μ of every gate as a matrix (targets by sources; chosen by itself for models with more than %1 gates)</source>
        <translation>Der DAG oder μ jedes Gates als Matrix (Ziele mal Quellen; von selbst gewählt für Modelle mit mehr als %1 Gates)</translation>
    </message>
</context>
<context>
    <name>gvae::DagView</name>
    <message>
        <location filename="../widgets/dag_layout.cpp" line="+305"/>
        <location line="+10"/>
        <source>(frozen %1)</source>
        <translation>(eingefroren auf %1)</translation>
    </message>
    <message>
        <location filename="../widgets/dag_view.cpp" line="+168"/>
        <source>frozen to 1</source>
        <translation>auf 1 eingefroren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>frozen to 0</source>
        <translation>auf 0 eingefroren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>free</source>
        <translation>frei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>z%1→z%2 μ=%3, %4</source>
        <translation>z%1→z%2 μ=%3, %4</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>z%1(t−1)→z%2 μ=%3, %4</source>
        <translation>z%1(t−1)→z%2 μ=%3, %4</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>forced off, the ELBO changes by %1 nats (relaxed gates), %2 (sampled)</source>
        <translation>abgeschaltet ändert sich die ELBO um %1 nats (relaxierte Gates), %2 (gezogen)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>present in the sampled structure</source>
        <translation>in der gezogenen Struktur vorhanden</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>z%1 → z%2  (μ = %3)</source>
        <translation>z%1 → z%2  (μ = %3)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>z%1(t−1) → z%2  (μ = %3)</source>
        <translation>z%1(t−1) → z%2  (μ = %3)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Freeze to 1</source>
        <translation>Auf 1 einfrieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Freeze to 0</source>
        <translation>Auf 0 einfrieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unfreeze</source>
        <translation>Einfrieren aufheben</translation>
    </message>
    <message>
        <location filename="../widgets/dag_paint.cpp" line="+102"/>
        <source>No latent graph</source>
        <translation>Kein latenter Graph</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Sampled structure (seed %1): %2 of %3 edges</source>
        <translation>Gezogene Struktur (Seed %1): %2 von %3 Kanten</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>solid: within a step · dotted: from step t−1</source>
        <translation>durchgezogen: innerhalb eines Schritts · gepunktet: aus Schritt t−1</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>z</source>
        <comment>latent node symbol</comment>
        <translation>z</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>t−1</source>
        <comment>superscript of a node at the previous time step</comment>
        <translation>t−1</translation>
    </message>
</context>
<context>
    <name>gvae::DisentanglementPanel</name>
    <message>
        <location filename="../app/studio/disentanglement_panel.cpp" line="+23"/>
        <source>Metric</source>
        <translation>Maß</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Mutual information / H(factor)</source>
        <translation>Transinformation / H(Faktor)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DCI importance</source>
        <translation>DCI-Wichtigkeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not measured yet: Evaluate with “Disentanglement” checked (data with known factors: the sprites), or `graphvae eval --disentanglement`.</source>
        <translation>Noch nicht gemessen: Bewerten mit „Disentanglement“ angehakt (Daten mit bekannten Faktoren: die Sprites) oder `graphvae eval --disentanglement`.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No disentanglement scores for this run.</source>
        <translation>Für diesen Lauf gibt es keine Disentanglement-Werte.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fitted on %1 examples, scored on %2; %3 of %4 latents active.</source>
        <translation>Angepasst an %1 Beispielen, bewertet an %2; %3 von %4 latenten Einheiten aktiv.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>β-VAE metric</source>
        <translation>β-VAE-Maß</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy of a linear classifier naming the factor two examples share from |z_a − z_b| (chance: 1 / factors)</source>
        <translation>Genauigkeit eines linearen Klassifikators, der aus |z_a − z_b| den gemeinsamen Faktor zweier Beispiele nennt (Zufall: 1 / Faktoren)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>FactorVAE metric</source>
        <translation>FactorVAE-Maß</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Majority-vote accuracy naming the fixed factor from the latent that varies least</source>
        <translation>Genauigkeit der Mehrheitsentscheidung, die den festgehaltenen Faktor aus der am wenigsten variierenden latenten Einheit nennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MIG</source>
        <translation>MIG</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mean over factors of the gap between its two most informative latents, / H</source>
        <translation>Mittel über die Faktoren des Abstands seiner zwei informativsten latenten Einheiten, / H</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DCI disentanglement</source>
        <translation>DCI-Disentanglement</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How much each latent concentrates on one factor</source>
        <translation>Wie sehr sich jede latente Einheit auf einen Faktor beschränkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DCI completeness</source>
        <translation>DCI-Vollständigkeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How much each factor is captured by one latent</source>
        <translation>Wie sehr jeder Faktor von einer latenten Einheit erfasst wird</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DCI informativeness</source>
        <translation>DCI-Informativität</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Held-out R² of the factors from all latents</source>
        <translation>R² der Faktoren aus allen latenten Einheiten auf zurückgehaltenen Daten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>undefined</source>
        <translation>undefiniert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No active latent</source>
        <translation>Keine aktive latente Einheit</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Mutual information of each latent with each factor, / H(factor)</source>
        <translation>Transinformation jeder latenten Einheit mit jedem Faktor, / H(Faktor)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DCI importance of each latent for each factor</source>
        <translation>DCI-Wichtigkeit jeder latenten Einheit für jeden Faktor</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Test split; the outlined cell is each factor&apos;s most informative latent. MIG is the mean gap between each row&apos;s two largest values.</source>
        <translation>Testdaten; die umrandete Zelle ist die informativste latente Einheit jedes Faktors. MIG ist der mittlere Abstand der zwei größten Werte jeder Zeile.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Linear regression of each factor on the standardized latents; each row sums to 1. The outlined cell is each factor&apos;s most important latent.</source>
        <translation>Lineare Regression jedes Faktors auf die standardisierten latenten Einheiten; jede Zeile summiert sich zu 1. Die umrandete Zelle ist die wichtigste latente Einheit jedes Faktors.</translation>
    </message>
</context>
<context>
    <name>gvae::EvaluatePanel</name>
    <message>
        <location filename="../app/studio/evaluate_panel.cpp" line="+33"/>
        <source>Importance samples K per image: the bound tightens with K (the paper used 5000); time grows with it</source>
        <translation>Importance-Stichproben K je Bild: die Schranke wird mit K enger (die Veröffentlichung nutzte 5000); die Zeit wächst mit K</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test images evaluated (the first n; all by default)</source>
        <translation>Ausgewertete Testbilder (die ersten n; standardmäßig alle)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the run&apos;s setting</source>
        <translation>Einstellung des Laufs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sampled: c ~ Bernoulli(μ)</source>
        <translation>gezogen: c ~ Bernoulli(μ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>relaxed at the last τ</source>
        <translation>relaxiert beim letzten τ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hard: round(μ)</source>
        <translation>hart: round(μ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gates of the evaluated model (models with learned gates)</source>
        <translation>Die Gates des ausgewerteten Modells (Modelle mit gelernten Gates)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disentanglement</source>
        <translation>Disentanglement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>IW samples K</source>
        <translation>IW-Samples K</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test images</source>
        <translation>Testbilder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gates</source>
        <translation>Gates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also score</source>
        <translation>Zusätzlich bewerten</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Open or train a run to evaluate it.</source>
        <translation>Öffnen oder trainieren Sie einen Lauf, um ihn auszuwerten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluates %1 on its test set.</source>
        <translation>Wertet %1 auf seiner Testmenge aus.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Evaluate the opened run on its test set</source>
        <translation>Den geöffneten Lauf auf seiner Testmenge auswerten</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The β-VAE and FactorVAE metrics, MIG and DCI against the data&apos;s known factors (Disentanglement dock)</source>
        <translation>Das β-VAE- und das FactorVAE-Maß, MIG und DCI gegen die bekannten Faktoren der Daten (Dock „Disentanglement“)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Needs data with known generative factors (the sprites)</source>
        <translation>Braucht Daten mit bekannten generativen Faktoren (die Sprites)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Loading the run and its test set…</source>
        <translation>Lauf und Testmenge werden geladen…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Importance-weighted log-likelihood… %1 %</source>
        <translation>Importance-gewichtete Log-Likelihood… %1 %</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Evaluation failed: %1</source>
        <translation>Auswertung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopped; the run file is unchanged.</source>
        <translation>Angehalten; die Laufdatei ist unverändert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Done; stored in %1.</source>
        <translation>Fertig; gespeichert in %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gates: %1</source>
        <translation>Gates: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Not evaluated yet.</source>
        <translation>Noch nicht ausgewertet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Test set&lt;/b&gt; (epoch %1, %2 images)&lt;br&gt;</source>
        <translation>&lt;b&gt;Testmenge&lt;/b&gt; (Epoche %1, %2 Bilder)&lt;br&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ELBO %1 · NLL %2 · KL %3 nats&lt;br&gt;</source>
        <translation>ELBO %1 · NLL %2 · KL %3 nats&lt;br&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Link prediction on the held-out edges: AUC %1 · AP %2</source>
        <translation>Link-Vorhersage auf den zurückgehaltenen Kanten: AUC %1 · AP %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>log p(x) ≈ %1 ± %2 nats (K = %3)</source>
        <translation>log p(x) ≈ %1 ± %2 nats (K = %3)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;br&gt;Active units: %1 of %2</source>
        <translation>&lt;br&gt;Aktive Einheiten: %1 von %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;br&gt;Class accuracy of q(y|x): %1</source>
        <translation>&lt;br&gt;Klassengenauigkeit von q(y|x): %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;br&gt;Images from attributes: correctness %1 · coverage %2 · compositionality %3</source>
        <translation>&lt;br&gt;Bilder aus Attributen: Korrektheit %1 · Abdeckung %2 · Kompositionalität %3</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;br&gt;β-VAE %1 · FactorVAE %2 · MIG %3 · DCI %4 / %5 / %6 (Disentanglement dock)</source>
        <translation>&lt;br&gt;β-VAE %1 · FactorVAE %2 · MIG %3 · DCI %4 / %5 / %6 (Dock „Disentanglement“)</translation>
    </message>
</context>
<context>
    <name>gvae::FigureExport</name>
    <message>
        <location filename="../widgets/figure_export.cpp" line="+41"/>
        <source>Cannot export the figure to &quot;%1&quot;: %2</source>
        <translation>Die Abbildung kann nicht nach „%1“ exportiert werden: %2</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>an image of %1 × %2 pixels is too large</source>
        <translation>ein Bild mit %1 × %2 Pixeln ist zu groß</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>not enough memory for an image of %1 × %2 pixels</source>
        <translation>nicht genug Speicher für ein Bild mit %1 × %2 Pixeln</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Exported from GraphVAE Studio</source>
        <translation>Exportiert aus GraphVAE Studio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the SVG renderer could not start</source>
        <translation>der SVG-Renderer konnte nicht starten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the SVG renderer failed</source>
        <translation>der SVG-Renderer ist fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>GraphVAE Studio</source>
        <translation>GraphVAE Studio</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the page size %1 × %2 is not valid</source>
        <translation>die Seitengröße %1 × %2 ist ungültig</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the PDF renderer could not start</source>
        <translation>der PDF-Renderer konnte nicht starten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the PDF renderer failed</source>
        <translation>der PDF-Renderer ist fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the file name has no suffix (use .png, .svg or .pdf)</source>
        <translation>der Dateiname hat keine Endung (verwenden Sie .png, .svg oder .pdf)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>unknown format &quot;.%1&quot; (use .png, .svg or .pdf)</source>
        <translation>unbekanntes Format „.%1“ (verwenden Sie .png, .svg oder .pdf)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the figure is empty</source>
        <translation>die Abbildung ist leer</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>the resolution %1 dpi is not positive</source>
        <translation>die Auflösung %1 dpi ist nicht positiv</translation>
    </message>
</context>
<context>
    <name>gvae::GateMatrixView</name>
    <message>
        <location filename="../widgets/gate_matrix_view.cpp" line="+33"/>
        <source>source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Gate means μ (* frozen; grey: no gate)</source>
        <translation>Gate-Mittelwerte μ (* eingefroren; grau: kein Gate)</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>μ not known yet</source>
        <translation>μ noch unbekannt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>μ = %1</source>
        <translation>μ = %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (frozen on)</source>
        <translation> (auf 1 eingefroren)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (frozen off)</source>
        <translation> (auf 0 eingefroren)</translation>
    </message>
</context>
<context>
    <name>gvae::GatePlot</name>
    <message>
        <location filename="../widgets/gate_plot.cpp" line="+39"/>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gate mean μ</source>
        <translation>Gate-Mittelwert μ</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Gate means (dashed: frozen)</source>
        <translation>Gate-Mittelwerte (gestrichelt: eingefroren)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No learned gates in this model</source>
        <translation>Keine gelernten Gates in diesem Modell</translation>
    </message>
    <message>
        <location line="+142"/>
        <source>%1: μ = %2 at epoch %3</source>
        <translation>%1: μ = %2 in Epoche %3</translation>
    </message>
</context>
<context>
    <name>gvae::HeatmapView</name>
    <message>
        <location filename="../widgets/heatmap_view.cpp" line="+63"/>
        <source>r</source>
        <translation>r</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Correlation of posterior means</source>
        <translation>Korrelation der Posterior-Mittelwerte</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>%1 × %2: r undefined (constant unit)</source>
        <translation>%1 × %2: r undefiniert (konstante Einheit)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 × %2: r = %3</source>
        <translation>%1 × %2: r = %3</translation>
    </message>
</context>
<context>
    <name>gvae::ImageGridView</name>
    <message>
        <location filename="../widgets/image_grid_view.cpp" line="+378"/>
        <source>No images yet: train or open a run.</source>
        <translation>Noch keine Bilder: Starten Sie ein Training oder öffnen Sie einen Lauf.</translation>
    </message>
    <message>
        <location filename="../app/studio/analysis_panels.cpp" line="+47"/>
        <source>Screen pixels per image pixel; Ctrl + wheel over a grid zooms it</source>
        <translation>Bildschirmpixel je Bildpixel; Strg + Mausrad über einem Raster zoomt es</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
</context>
<context>
    <name>gvae::MainWindow</name>
    <message>
        <location filename="../app/studio/main_window.cpp" line="+45"/>
        <source>GraphVAE Studio</source>
        <translation>GraphVAE Studio</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Analysis: %1</source>
        <translation>Analyse: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Gates can be frozen only while a run trains (start or resume one)</source>
        <translation>Gates lassen sich nur während des Trainings einfrieren (starten Sie einen Lauf oder setzen Sie einen fort)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cannot compare</source>
        <translation>Vergleich nicht möglich</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Evaluated %1; the results are stored in the file</source>
        <translation>%1 ausgewertet; die Ergebnisse sind in der Datei gespeichert</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No run</source>
        <translation>Kein Lauf</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Run setup</source>
        <translation>Laufkonfiguration</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Curves</source>
        <translation>Kurven</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gates</source>
        <translation>Gates</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latent DAG</source>
        <translation>Latenter DAG</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latent analysis</source>
        <translation>Analyse des Latentraums</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traversal</source>
        <translation>Traversierung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Link prediction</source>
        <translation>Link-Vorhersage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare models</source>
        <translation>Modelle vergleichen</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Samples</source>
        <translation>Samples</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Structure</source>
        <translation>Struktur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disentanglement</source>
        <translation>Disentanglement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open run…</source>
        <translation>&amp;Lauf öffnen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Overlay run for comparison…</source>
        <translation>Lauf zum &amp;Vergleich überlagern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear overlays</source>
        <translation>Überlagerungen &amp;entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open s&amp;weep folder…</source>
        <translation>S&amp;weep-Ordner öffnen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open sweep folder</source>
        <translation>Sweep-Ordner öffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Resume training</source>
        <translation>Training &amp;fortsetzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save run &amp;as…</source>
        <translation>Lauf &amp;speichern unter…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export figure…</source>
        <translation>Abbildung e&amp;xportieren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export &amp;all figures…</source>
        <translation>&amp;Alle Abbildungen exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;metrics as CSV…</source>
        <translation>&amp;Metriken als CSV exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the DAG as .&amp;dot…</source>
        <translation>DAG als .&amp;dot exportieren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>La&amp;yout</source>
        <translation>La&amp;yout</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Training: setup, curves, gates and DAG</source>
        <translation>&amp;Training: Einrichtung, Kurven, Gates und DAG</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Analysis: latent views large</source>
        <translation>&amp;Analyse: latente Ansichten groß</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Report: curves, DAG, gates and latents in quarters</source>
        <translation>&amp;Bericht: Kurven, DAG, Gates und Latente in Vierteln</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Reset &amp;layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The window&apos;s first size and the chosen layout&apos;s arrangement</source>
        <translation>Die anfängliche Fenstergröße und die Anordnung des gewählten Layouts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The language changes when GraphVAE Studio starts next time.</source>
        <translation>Die Sprache wechselt beim nächsten Start von GraphVAE Studio.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About GraphVAE Studio</source>
        <translation>Ü&amp;ber GraphVAE Studio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About GraphVAE Studio</source>
        <translation>Über GraphVAE Studio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;GraphVAE Studio %1&lt;/b&gt;&lt;p&gt;A workbench for variational autoencoders whose latent space carries a learned dependency structure (He et al., ICLR 2019).&lt;/p&gt;</source>
        <translation>&lt;b&gt;GraphVAE Studio %1&lt;/b&gt;&lt;p&gt;Eine Arbeitsumgebung für variationale Autoencoder, deren latenter Raum eine gelernte Abhängigkeitsstruktur trägt (He et al., ICLR 2019).&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Epoch %1, step %2: %3</source>
        <translation>Epoche %1, Schritt %2: %3</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Training failed</source>
        <translation>Training fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training finished: %1</source>
        <translation>Training abgeschlossen: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training stopped; the run file keeps every finished epoch: %1</source>
        <translation>Training gestoppt; die Laufdatei behält jede abgeschlossene Epoche: %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Link prediction is a graph model&apos;s (gae, vgae): none for this run</source>
        <translation>Link-Vorhersage gibt es nur für Graphmodelle (gae, vgae): keine für diesen Lauf</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: its gates are fixed, not learned.</source>
        <translation>%1: seine Gates sind fest vorgegeben, nicht gelernt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: no explicit graph between latent nodes.</source>
        <translation>%1: kein expliziter Graph zwischen den latenten Knoten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gates within a step (z_i → z_j) and from the previous step (z_i(t−1) → z_j), shared over time.</source>
        <translation>Gates innerhalb eines Schritts (z_i → z_j) und aus dem vorigen Schritt (z_i(t−1) → z_j), über die Zeit geteilt.</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>Validation rounds %n unconverged gate(s) (0.05 &lt; μ &lt; 0.95): its ELBO judges a structure that training never samples.</source>
        <translation>
            <numerusform>Die Validierung rundet %n nicht konvergiertes Gate (0,05 &lt; μ &lt; 0,95): ihre ELBO bewertet eine Struktur, die das Training nie zieht.</numerusform>
            <numerusform>Die Validierung rundet %n nicht konvergierte Gates (0,05 &lt; μ &lt; 0,95): ihre ELBO bewertet eine Struktur, die das Training nie zieht.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_export.cpp" line="+122"/>
        <location line="+27"/>
        <source>Export figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Resolution of PNG exports; SVG and PDF are vector</source>
        <translation>Auflösung von PNG-Exporten; SVG und PDF sind Vektorformate</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Figure</source>
        <translation>Abbildung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Width (px at 96 dpi)</source>
        <translation>Breite (px bei 96 dpi)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Height (px at 96 dpi)</source>
        <translation>Höhe (px bei 96 dpi)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+48"/>
        <source>PNG resolution (dpi)</source>
        <translation>PNG-Auflösung (dpi)</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Vektorgrafik (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+54"/>
        <location line="+11"/>
        <location line="+8"/>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export all figures</source>
        <translation>Alle Abbildungen exportieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every PNG at one size</source>
        <translation>Jedes PNG in einer Größe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Off: each view at its size on screen</source>
        <translation>Aus: jede Ansicht in ihrer Größe auf dem Bildschirm</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Resolution of PNG exports (text grows with it); SVG and PDF are vector</source>
        <translation>Auflösung der PNG-Exporte (der Text wächst mit); SVG und PDF sind Vektorgrafik</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PNG width (pixels)</source>
        <translation>PNG-Breite (Pixel)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG height (pixels)</source>
        <translation>PNG-Höhe (Pixel)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Export all figures into</source>
        <translation>Alle Abbildungen exportieren nach</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported every figure, metrics.csv, steps.csv and dag.dot to %1</source>
        <translation>Alle Abbildungen, metrics.csv, steps.csv und dag.dot nach %1 exportiert</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export metrics</source>
        <translation>Metriken exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export the DAG</source>
        <translation>DAG exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Graphviz (*.dot)</source>
        <translation>Graphviz (*.dot)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window_runs.cpp" line="+70"/>
        <location line="+6"/>
        <source>Cannot start</source>
        <translation>Start nicht möglich</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+31"/>
        <location line="+250"/>
        <location line="+3"/>
        <source>A model comparison is running.</source>
        <translation>Ein Modellvergleich läuft.</translation>
    </message>
    <message>
        <location line="-283"/>
        <location line="+31"/>
        <location line="+253"/>
        <source>An evaluation is running.</source>
        <translation>Eine Auswertung läuft.</translation>
    </message>
    <message>
        <location line="-254"/>
        <location line="+9"/>
        <source>Cannot resume</source>
        <translation>Fortsetzen nicht möglich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 has trained %2 epochs: set Epochs in the run setup above %2 to continue.</source>
        <translation>%1 wurde bereits %2 Epochen trainiert: Setzen Sie „Epochen“ in der Laufkonfiguration auf mehr als %2, um fortzufahren.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Resume training</source>
        <translation>Training fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 has trained %2 epochs. Train up to epoch:</source>
        <translation>%1 hat %2 Epochen trainiert. Trainieren bis Epoche:</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Cannot open</source>
        <translation>Öffnen nicht möglich</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop the running training before opening another run.</source>
        <translation>Stoppen Sie das laufende Training, bevor Sie einen anderen Lauf öffnen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot open run</source>
        <translation>Lauf kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Opened %1: %2 epochs</source>
        <translation>%1 geöffnet: %2 Epochen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot overlay run</source>
        <translation>Lauf kann nicht überlagert werden</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open run</source>
        <translation>Lauf öffnen</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+6"/>
        <source>Run files (*.h5);;All files (*)</source>
        <translation>Laufdateien (*.h5);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Overlay runs</source>
        <translation>Läufe überlagern</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save run as</source>
        <translation>Lauf speichern unter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run files (*.h5)</source>
        <translation>Laufdateien (*.h5)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot save run</source>
        <translation>Lauf kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1: could not be written</source>
        <translation>%1: konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved a copy of the run as %1</source>
        <translation>Kopie des Laufs als %1 gespeichert</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>A model comparison is running</source>
        <translation>Ein Modellvergleich läuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the comparison and close? The models trained so far keep their run files.</source>
        <translation>Vergleich stoppen und schließen? Die bisher trainierten Modelle behalten ihre Laufdateien.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Training is running</source>
        <translation>Training läuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the training and close? The run file keeps every finished epoch and can be resumed.</source>
        <translation>Training stoppen und schließen? Die Laufdatei behält jede abgeschlossene Epoche und kann fortgesetzt werden.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>A training is running (it rewrites the run file).</source>
        <translation>Ein Training läuft (es schreibt die Laufdatei neu).</translation>
    </message>
</context>
<context>
    <name>gvae::NodeKlBars</name>
    <message>
        <location filename="../widgets/node_kl_bars.cpp" line="+38"/>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>collapsed</source>
        <translation>kollabiert</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+21"/>
        <source>latent node</source>
        <translation>latenter Knoten</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>KL (nats)</source>
        <translation>KL (nats)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>KL per node
(none yet)</source>
        <translation>KL je Knoten
(noch keine)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %2 collapsed
(KL &lt; %3)</source>
        <translation>%1 von %2 kollabiert
(KL &lt; %3)</translation>
    </message>
</context>
<context>
    <name>gvae::RocView</name>
    <message>
        <location filename="../widgets/roc_view.cpp" line="+27"/>
        <location line="+4"/>
        <source>false-positive rate (non-edges ranked above the cut)</source>
        <translation>Falsch-positiv-Rate (Nicht-Kanten über der Schwelle)</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+5"/>
        <source>true-positive rate (edges found)</source>
        <translation>Richtig-positiv-Rate (gefundene Kanten)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>false-positive rate</source>
        <translation>Falsch-positiv-Rate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>true-positive rate</source>
        <translation>Richtig-positiv-Rate</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>chance</source>
        <translation>Zufall</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ROC</source>
        <translation>ROC</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No link prediction yet</source>
        <translation>Noch keine Link-Vorhersage</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>AUC %1 · AP %2 · %3 split: %4 edges, as many non-edges</source>
        <translation>AUC %1 · AP %2 · %3: %4 Kanten, ebenso viele Nicht-Kanten</translation>
    </message>
</context>
<context>
    <name>gvae::RunSetupPanel</name>
    <message>
        <location filename="../app/studio/run_setup_panel.cpp" line="+104"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sprites (embedded)</source>
        <translation>Sprites (eingebettet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MNIST (folder)</source>
        <translation>MNIST (Ordner)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pen strokes (embedded)</source>
        <translation>Stiftstriche (eingebettet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Omniglot strokes (folder)</source>
        <translation>Omniglot-Striche (Ordner)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IAM-OnDB lineStrokes (folder)</source>
        <translation>IAM-OnDB lineStrokes (Ordner)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>folder of the dataset&apos;s files</source>
        <translation>Ordner mit den Dateien des Datensatzes</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+161"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location line="-139"/>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Auto</source>
        <translation>Auto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No CUDA device: LibTorch sees no GPU on this machine</source>
        <translation>Kein CUDA-Gerät: LibTorch findet auf diesem Rechner keine GPU</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CUDA is unavailable on this machine (no GPU seen by LibTorch)</source>
        <translation>CUDA ist auf diesem Rechner nicht verfügbar (LibTorch findet keine GPU)</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Graph VAE on the sprites (the default)</source>
        <translation>Graph-VAE auf den Sprites (Standard)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quick handwriting: recurrent-graph, 1,200 strokes of 40 steps, 3 epochs</source>
        <translation>Schnelle Handschrift: recurrent-graph, 1.200 Striche zu 40 Schritten, 3 Epochen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Handwriting: recurrent-graph on the 12,000 embedded strokes</source>
        <translation>Handschrift: recurrent-graph auf den 12.000 eingebetteten Strichen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Structure recipe: sprites, N&apos; = 3, supervised factors, edge cost 0.2</source>
        <translation>Struktur-Rezept: Sprites, N&apos; = 3, überwachte Faktoren, Kantenkosten 0,2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Graph VAE on MNIST (choose its folder)</source>
        <translation>Graph-VAE auf MNIST (Ordner wählen)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choose a preset…</source>
        <translation>Vorgabe wählen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loads a whole setup into the fields below</source>
        <translation>Lädt eine ganze Einrichtung in die Felder darunter</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Preset</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Graph: block model (embedded)</source>
        <translation>Graph: Blockmodell (eingebettet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cora (folder)</source>
        <translation>Cora (Ordner)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Citeseer (folder)</source>
        <translation>Citeseer (Ordner)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Images for the image models; pen strokes for recurrent-graph; graphs for gae and vgae (Cora and Citeseer: the LINQS files NAME.content and NAME.cites)</source>
        <translation>Bilder für die Bildmodelle; Stiftstriche für recurrent-graph; Graphen für gae und vgae (Cora und Citeseer: die LINQS-Dateien NAME.content und NAME.cites)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>longest (≤ 200)</source>
        <translation>längste (≤ 200)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Reset to defaults</source>
        <translation>Auf Standardwerte zurücksetzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every field back to the embedded default: the Graph VAE on the sprites</source>
        <translation>Jedes Feld zurück auf den eingebauten Standard: das Graph-VAE auf den Sprites</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Nodes N</source>
        <translation>Knoten N</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Node dims N&apos;</source>
        <translation>Dim. je Knoten N&apos;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>τ start</source>
        <translation>τ Start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>τ minimum</source>
        <translation>τ Minimum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>τ decay / epoch</source>
        <translation>τ Zerfall / Epoche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>β</source>
        <translation>β</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KL warm-up</source>
        <translation>KL-Aufwärmphase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sequences</source>
        <translation>Sequenzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max steps</source>
        <translation>Max. Schritte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GCN width</source>
        <translation>GCN-Breite</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Choose the data folder of %1.</source>
        <translation>Wählen Sie den Datenordner von %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: no such folder</source>
        <translation>%1: Ordner existiert nicht</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1: lacks %2</source>
        <translation>%1: %2 fehlt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: lacks %2 (or %2.gz)</source>
        <translation>%1: %2 (oder %2.gz) fehlt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>τ minimum must not exceed τ start.</source>
        <translation>τ Minimum darf τ Start nicht überschreiten.</translation>
    </message>
</context>
<context>
    <name>gvae::RunsPanel</name>
    <message>
        <location filename="../app/studio/runs_panel.cpp" line="+104"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overlay</source>
        <translation>Überlagern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw the selected runs&apos; validation curves dashed in Curves</source>
        <translation>Die Validierungskurven der ausgewählten Läufe gestrichelt in Kurven zeichnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+258"/>
        <location line="+5"/>
        <source>Move to trash</source>
        <translation>In den Papierkorb</translation>
    </message>
    <message>
        <location line="-261"/>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove folder</source>
        <translation>Ordner entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best valid ELBO</source>
        <translation>Beste Validierungs-ELBO</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Test log p(x)</source>
        <translation>Test-log p(x)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Add a folder of runs</source>
        <translation>Einen Ordner mit Läufen hinzufügen</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Select two or more runs to see the settings that differ between them.</source>
        <translation>Wählen Sie zwei oder mehr Läufe, um die Einstellungen zu sehen, in denen sie sich unterscheiden.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>The %n selected runs share every setting.</source>
        <translation>
            <numerusform>Der ausgewählte Lauf hat alle Einstellungen gemeinsam.</numerusform>
            <numerusform>Die %n ausgewählten Läufe haben alle Einstellungen gemeinsam.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n setting(s) differ between the selected runs (highlighted: unlike the first):</source>
        <translation>
            <numerusform>%n Einstellung unterscheidet sich zwischen den ausgewählten Läufen (hervorgehoben: anders als beim ersten):</numerusform>
            <numerusform>%n Einstellungen unterscheiden sich zwischen den ausgewählten Läufen (hervorgehoben: anders als beim ersten):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>Move %n run file(s) to the trash?</source>
        <translation>
            <numerusform>%n Laufdatei in den Papierkorb verschieben?</numerusform>
            <numerusform>%n Laufdateien in den Papierkorb verschieben?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: in use by the running training or evaluation</source>
        <translation>%1: vom laufenden Training oder der laufenden Auswertung verwendet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: could not be moved to the trash (%2)</source>
        <translation>%1: konnte nicht in den Papierkorb verschoben werden (%2)</translation>
    </message>
</context>
<context>
    <name>gvae::SamplesPanel</name>
    <message>
        <location filename="../app/studio/analysis_panels.cpp" line="+194"/>
        <source>New samples</source>
        <translation>Neue Samples</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other inputs</source>
        <translation>Andere Eingaben</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cell size:</source>
        <translation>Zellengröße:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Images from attribute queries (· not given)</source>
        <translation>Bilder aus Attribut-Anfragen (· nicht angegeben)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Samples from the prior</source>
        <translation>Samples aus dem Prior</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>in</source>
        <translation>ein</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>rec</source>
        <translation>rek</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inputs (in) and reconstructions (rec)</source>
        <translation>Eingaben (ein) und Rekonstruktionen (rek)</translation>
    </message>
</context>
<context>
    <name>gvae::SpectrumView</name>
    <message>
        <location filename="../widgets/spectrum_view.cpp" line="+50"/>
        <source>component / unit, sorted</source>
        <translation>Komponente / Einheit, sortiert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>variance</source>
        <translation>Varianz</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PCA eigenvalue</source>
        <translation>PCA-Eigenwert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>per-unit variance</source>
        <translation>Varianz je Einheit</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>active: variance &gt; %1</source>
        <translation>aktiv: Varianz &gt; %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 of %2 units active</source>
        <translation>%1 von %2 Einheiten aktiv</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No latent statistics yet</source>
        <translation>Noch keine latenten Statistiken</translation>
    </message>
</context>
<context>
    <name>gvae::StructurePanel</name>
    <message>
        <location filename="../app/studio/structure_panel.cpp" line="+44"/>
        <source>Ground truth needs a dataset with known generative factors (the embedded sprites) and a model with learned gates.</source>
        <translation>Die Grundwahrheit braucht einen Datensatz mit bekannten generativen Faktoren (die eingebetteten Sprites) und ein Modell mit gelernten Gates.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No comparison with the true DAG: the nodes do not stand for the factors (see the verdict under the grid).</source>
        <translation>Kein Vergleich mit dem wahren DAG: die Knoten stehen nicht für die Faktoren (siehe das Urteil unter dem Raster).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Learned DAG (μ &gt; 0.5) against the true one: SHD %1 · precision %2 · recall %3. Black: in both; red: extra; dashed red: missing; orange: reversed.</source>
        <translation>Gelernter DAG (μ &gt; 0,5) gegen den wahren: SHD %1 · Präzision %2 · Recall %3. Schwarz: in beiden; rot: zusätzlich; rot gestrichelt: fehlend; orange: umgekehrt.</translation>
    </message>
</context>
<context>
    <name>gvae::StructureView</name>
    <message>
        <location filename="../widgets/structure_view.cpp" line="+8"/>
        <source>No ground truth: the dataset has no known factors, or no structure was measured yet</source>
        <translation>Keine Grundwahrheit: der Datensatz hat keine bekannten Faktoren, oder es wurde noch keine Struktur gemessen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>R² of each factor from each node (fit: validation, score: test)</source>
        <translation>R² jedes Faktors aus jedem Knoten (Anpassung: Validierung, Bewertung: Test)</translation>
    </message>
</context>
<context>
    <name>gvae::SweepPanel</name>
    <message>
        <location filename="../app/studio/sweep_panel.cpp" line="+28"/>
        <source>Open sweep folder…</source>
        <translation>Sweep-Ordner öffnen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No sweep open. A sweep folder is what `graphvae sweep --out-dir` writes: its runs also appear in the Runs dock.</source>
        <translation>Kein Sweep geöffnet. Ein Sweep-Ordner ist, was `graphvae sweep --out-dir` schreibt: seine Läufe erscheinen auch im Dock „Läufe“.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Open sweep folder</source>
        <translation>Sweep-Ordner öffnen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reading the sweep…</source>
        <translation>Lese den Sweep…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>log-likelihood</source>
        <translation>Log-Likelihood</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Points of the grid &quot;%1&quot;: %2. The figure shows the %3 (the mean over seeds, bars from the lowest to the highest).</source>
        <translation>Punkte des Rasters &quot;%1&quot;: %2. Die Abbildung zeigt: %3 (Mittel über die Seeds, Balken vom niedrigsten zum höchsten Wert).</translation>
    </message>
</context>
<context>
    <name>gvae::TrainingPanel</name>
    <message>
        <location filename="../app/studio/training_panel.cpp" line="+18"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+32"/>
        <location line="+26"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stops within one minibatch; the run file keeps every finished epoch</source>
        <translation>Stoppt innerhalb eines Minibatches; die Laufdatei behält jede abgeschlossene Epoche</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>epoch %p%</source>
        <translation>Epoche %p%</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>run %p%</source>
        <translation>Lauf %p%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Loading the data…</source>
        <translation>Daten werden geladen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Building the model…</source>
        <translation>Modell wird gebaut…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the run file…</source>
        <translation>Laufdatei wird geschrieben…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>validating…</source>
        <translation>Validierung…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>measuring each edge&apos;s importance…</source>
        <translation>Bedeutung jeder Kante wird gemessen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saving…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starting…</source>
        <translation>Starte…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paused at epoch %1 of %2</source>
        <translation>Pausiert bei Epoche %1 von %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Epoch %1 of %2 · ETA %3</source>
        <translation>Epoche %1 von %2 · Restzeit %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 samples/s · τ %2 · lr %3</source>
        <translation>%1 Samples/s · τ %2 · lr %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Device: %1 · %2 threads</source>
        <translation>Gerät: %1 · %2 Threads</translation>
    </message>
</context>
<context>
    <name>gvae::TraversalPanel</name>
    <message>
        <location filename="../app/studio/analysis_panels.cpp" line="-120"/>
        <source> σ</source>
        <translation> σ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The unit sweeps from -range to +range in prior standard deviations</source>
        <translation>Die Einheit läuft von -Bereich bis +Bereich, in Standardabweichungen des Priors</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>posterior mean of an input</source>
        <translation>Posterior-Mittelwert einer Eingabe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a draw from the prior</source>
        <translation>eine Ziehung aus dem Prior</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Index of the validation image whose posterior mean fixes the others</source>
        <translation>Index des Validierungsbilds, dessen Posterior-Mittelwert die übrigen festlegt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dimension</source>
        <translation>Dimension</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Range</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Others at</source>
        <translation>Übrige auf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input image</source>
        <translation>Eingabebild</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cell size</source>
        <translation>Zellengröße</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>all (one row each)</source>
        <translation>alle (je eine Zeile)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Traversal of z%1</source>
        <translation>Traversierung von z%1</translation>
    </message>
</context>
</TS>
