<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA">
<context>
    <name></name>
    <message>
        <source>&amp;Appointments: book, move, cancel, check in…</source>
        <translation>&amp;Rendez-vous&#xa0;: prendre, déplacer, annuler, enregistrer l’arrivée…</translation>
    </message>
    <message>
        <source>The queue is not available yet; try again in a moment.</source>
        <translation>La file d’attente n’est pas encore disponible; réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Appoint&amp;ments</source>
        <translation>Rendez-&amp;vous</translation>
    </message>
    <message>
        <source>%1 — %2, parked by %3 at %4</source>
        <translation>%1 — %2, mise en attente par %3 à %4</translation>
    </message>
    <message>
        <source>The visit is not finished</source>
        <translation>La visite n’est pas terminée</translation>
    </message>
    <message>
        <source>Tenders are taken: finish the sale, or discard and hand the money back.</source>
        <translation>Des paiements ont été reçus&#xa0;: terminez la vente, ou abandonnez-la et remettez l’argent.</translation>
    </message>
    <message>
        <source>&amp;Go back to the visit</source>
        <translation>&amp;Revenir à la visite</translation>
    </message>
    <message>
        <source>Go back to the visit</source>
        <translation>Revenir à la visite</translation>
    </message>
    <message>
        <source>&amp;Park it</source>
        <translation>&amp;Mettre en attente</translation>
    </message>
    <message>
        <source>Park the visit; anyone recalls it with Shift+F5</source>
        <translation>Mettre la visite en attente; n’importe qui la reprend avec Maj+F5</translation>
    </message>
    <message>
        <source>&amp;Discard it</source>
        <translation>&amp;Abandonner</translation>
    </message>
    <message>
        <source>Discard the visit</source>
        <translation>Abandonner la visite</translation>
    </message>
    <message>
        <source>Recall a parked visit</source>
        <translation>Reprendre une visite en attente</translation>
    </message>
    <message>
        <source>&amp;Parked visits:</source>
        <translation>Visites en &amp;attente&#xa0;:</translation>
    </message>
    <message>
        <source>Parked visits</source>
        <translation>Visites en attente</translation>
    </message>
    <message>
        <source>Visits set aside at this station, with their total; Enter recalls one</source>
        <translation>Visites mises en attente à ce poste, avec leur total; Entrée en rappelle une</translation>
    </message>
    <message>
        <source>&amp;Recall</source>
        <translation>&amp;Reprendre</translation>
    </message>
    <message>
        <source>Recall the selected visit</source>
        <translation>Reprendre la visite choisie</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Station locked</source>
        <translation>Poste verrouillé</translation>
    </message>
    <message>
        <source>Locked. %1, type your password to continue.</source>
        <translation>Verrouillé. %1, tapez votre mot de passe pour continuer.</translation>
    </message>
    <message>
        <source>Someone else may sign in with their own user name; an open visit is parked.</source>
        <translation>Une autre personne peut ouvrir une session avec son propre nom d’utilisateur; la visite en cours est mise en attente.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Nom d’utilisateur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Continuer</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>Tapez votre mot de passe.</translation>
    </message>
    <message>
        <source>Wrong user name or password. Check both and try again.</source>
        <translation>Nom d’utilisateur ou mot de passe erroné. Vérifiez les deux et réessayez.</translation>
    </message>
    <message>
        <source>Could not check the password: %1</source>
        <translation>Impossible de vérifier le mot de passe&#xa0;: %1</translation>
    </message>
    <message>
        <source>Welcome back; the visit is as you left it.</source>
        <translation>Bon retour; la visite est telle que vous l’avez laissée.</translation>
    </message>
    <message>
        <source>The visit is still open.</source>
        <translation>La visite est toujours ouverte.</translation>
    </message>
    <message>
        <source>The visit was discarded.</source>
        <translation>La visite a été abandonnée.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>%1 did not print: %2. Reprint it from the Drawer menu.</source>
        <translation>%1 ne s’est pas imprimé&#xa0;: %2. Réimprimez-le à partir du menu Tiroir.</translation>
    </message>
    <message>
        <source>Printing %1…</source>
        <translation>Impression de %1…</translation>
    </message>
    <message>
        <source>No receipt printer set up</source>
        <translation>Aucune imprimante de reçus configurée</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Rapport Z</translation>
    </message>
    <message>
        <source>&amp;Drawer</source>
        <translation>&amp;Tiroir</translation>
    </message>
    <message>
        <source>&amp;Open shift (count the float)</source>
        <translation>&amp;Ouvrir le quart (compter le fonds de caisse)</translation>
    </message>
    <message>
        <source>Cash &amp;pickup to the safe</source>
        <translation>&amp;Prélèvement d’espèces vers le coffre</translation>
    </message>
    <message>
        <source>Pai&amp;d-out</source>
        <translation>&amp;Décaissement</translation>
    </message>
    <message>
        <source>&amp;Close shift (blind count)</source>
        <translation>&amp;Fermer le quart (dénombrement à l’aveugle)</translation>
    </message>
    <message>
        <source>&amp;Reprint Z report / deposit slip</source>
        <translation>&amp;Réimprimer le rapport Z / bordereau de dépôt</translation>
    </message>
    <message>
        <source>&amp;End of day and GL export</source>
        <translation>Fin de &amp;journée et exportation au grand livre</translation>
    </message>
    <message>
        <source>Drawer %1 is open with a float of %2.</source>
        <translation>Le tiroir %1 est ouvert avec un fonds de caisse de %2.</translation>
    </message>
    <message>
        <source>No payment is taken outside a drawer: count your float to open one.</source>
        <translation>Aucun paiement n’est accepté hors d’un tiroir&#xa0;: comptez votre fonds de caisse pour en ouvrir un.</translation>
    </message>
    <message>
        <source>Drawer %1 is open with a float of %2. Take the payment again.</source>
        <translation>Le tiroir %1 est ouvert avec un fonds de caisse de %2. Reprenez le paiement.</translation>
    </message>
    <message>
        <source>You have no open drawer; open a shift first.</source>
        <translation>Vous n’avez aucun tiroir ouvert; ouvrez d’abord un quart.</translation>
    </message>
    <message>
        <source>Pickup</source>
        <translation>Prélèvement</translation>
    </message>
    <message>
        <source>Paid-out</source>
        <translation>Décaissement</translation>
    </message>
    <message>
        <source>%1 %2 of %3 recorded; the drawer should now hold %4.</source>
        <translation>%1 %2 de %3 enregistré; le tiroir devrait maintenant contenir %4.</translation>
    </message>
    <message>
        <source>Finish or clear the visit on the screen before closing the drawer.</source>
        <translation>Terminez ou effacez la visite à l’écran avant de fermer le tiroir.</translation>
    </message>
    <message>
        <source>You have no open drawer to close.</source>
        <translation>Vous n’avez aucun tiroir ouvert à fermer.</translation>
    </message>
    <message>
        <source>Shift closed and locked. Saving the Z report and deposit slip…</source>
        <translation>Quart fermé et verrouillé. Enregistrement du rapport Z et du bordereau de dépôt…</translation>
    </message>
    <message>
        <source>Shift closed and locked. Z report: %1. Deposit slip: %2.</source>
        <translation>Quart fermé et verrouillé. Rapport Z&#xa0;: %1. Bordereau de dépôt&#xa0;: %2.</translation>
    </message>
    <message>
        <source>The drawer holds %1, over its %2 limit: make a cash pickup (Ctrl+Shift+K).</source>
        <translation>Le tiroir contient %1, au-delà de sa limite de %2&#xa0;: faites un prélèvement d’espèces (Ctrl+Maj+K).</translation>
    </message>
    <message>
        <source>&amp;Transfer to an expert with notes…</source>
        <translation>&amp;Transférer à un expert avec des notes…</translation>
    </message>
    <message>
        <source>Call a visitor first: only a visit being served is transferred.</source>
        <translation>Appelez d’abord un visiteur&#xa0;: seule une visite en cours de service peut être transférée.</translation>
    </message>
    <message>
        <source>Expert: %1</source>
        <translation>Expert&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 handed on with the notes; the visitor keeps their place.</source>
        <translation>%1 transféré avec les notes; le visiteur garde sa place.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Each key and what it does in this window</source>
        <translation>Chaque touche et ce qu’elle fait dans cette fenêtre</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Touche</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>In a list or a field: Enter does the default, Escape closes a dialog, Tab goes to the next field.</source>
        <translation>Dans une liste ou un champ&#xa0;: Entrée fait l’action par défaut, Échap ferme une boîte de dialogue, Tab passe au champ suivant.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Department: %1</source>
        <translation>Service municipal&#xa0;: %1</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>non précisé</translation>
    </message>
    <message>
        <source>What to bring</source>
        <translation>Documents à apporter</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Frais</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Heures d’ouverture</translation>
    </message>
    <message>
        <source>Who is eligible</source>
        <translation>Admissibilité</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Plus</translation>
    </message>
    <message>
        <source>&amp;Knowledge base…</source>
        <translation>&amp;Base de connaissances…</translation>
    </message>
    <message>
        <source>Recorded, but not counted in the queue&apos;s figures: %1</source>
        <translation>Enregistré, mais non compté dans les statistiques de la file d’attente&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 — %2 (Ctrl+K: the article)</source>
        <translation>%1 — %2 (Ctrl+K&#xa0;: l’article)</translation>
    </message>
    <message>
        <source>&amp;Questions</source>
        <translation>&amp;Questions</translation>
    </message>
    <message>
        <source>appointment</source>
        <translation>rendez-vous</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>prioritaire</translation>
    </message>
    <message>
        <source>language line</source>
        <translation>interprète au téléphone</translation>
    </message>
    <message>
        <source>%n min</source>
        <translation>%n min</translation>
    </message>
    <message>
        <source>over the %1-minute standard</source>
        <translation>au-delà de la norme de %1 minutes</translation>
    </message>
    <message>
        <source>Walk-in queue</source>
        <translation>File d’attente</translation>
    </message>
    <message>
        <source>Connecting to the queue…</source>
        <translation>Connexion à la file d’attente…</translation>
    </message>
    <message>
        <source>Queue status</source>
        <translation>État de la file d’attente</translation>
    </message>
    <message>
        <source>Now-serving sign status</source>
        <translation>État de l’afficheur des appels</translation>
    </message>
    <message>
        <source>Backup requested</source>
        <translation>Renfort demandé</translation>
    </message>
    <message>
        <source>No visitor called</source>
        <translation>Aucun visiteur appelé</translation>
    </message>
    <message>
        <source>Visitor being served</source>
        <translation>Visiteur en cours de service</translation>
    </message>
    <message>
        <source>Transfer to a category or an expert</source>
        <translation>Transférer à une catégorie ou à un expert</translation>
    </message>
    <message>
        <source>Transfer t&amp;o:</source>
        <translation>Transférer &amp;à&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Waiting:</source>
        <translation>En a&amp;ttente&#xa0;:</translation>
    </message>
    <message>
        <source>Tickets waiting</source>
        <translation>Billets en attente</translation>
    </message>
    <message>
        <source>Visitors in the lobby, in the order they will be called, with their wait</source>
        <translation>Visiteurs dans la salle d’attente, dans l’ordre où ils seront appelés, avec leur attente</translation>
    </message>
    <message>
        <source>Parked:</source>
        <translation>En suspens&#xa0;:</translation>
    </message>
    <message>
        <source>Parked visitors</source>
        <translation>Visiteurs en suspens</translation>
    </message>
    <message>
        <source>Visitors set aside at this desk, to be resumed later</source>
        <translation>Visiteurs mis en suspens à ce guichet, à reprendre plus tard</translation>
    </message>
    <message>
        <source>At the desks (supervisor):</source>
        <translation>Guichets (superviseur)&#xa0;:</translation>
    </message>
    <message>
        <source>Visitors being served at every desk</source>
        <translation>Visiteurs servis à chaque guichet</translation>
    </message>
    <message>
        <source>Each desk and the ticket it serves; a supervisor can send one back</source>
        <translation>Chaque guichet et le billet qu’il sert; un superviseur peut en renvoyer un en salle</translation>
    </message>
    <message>
        <source>Today&apos;s queue figures</source>
        <translation>Statistiques de la file d’attente du jour</translation>
    </message>
    <message>
        <source>Walk-in queue: call the next visitor</source>
        <translation>File d’attente&#xa0;: appeler le visiteur suivant</translation>
    </message>
    <message>
        <source>Walk-in queue: call the same visitor again</source>
        <translation>File d’attente&#xa0;: rappeler le même visiteur</translation>
    </message>
    <message>
        <source>Queue: site server</source>
        <translation>File d’attente&#xa0;: serveur du bureau</translation>
    </message>
    <message>
        <source>Queue: this counter (no site server)</source>
        <translation>File d’attente&#xa0;: ce comptoir (aucun serveur de bureau)</translation>
    </message>
    <message>
        <source>Queue unavailable: %1</source>
        <translation>File d’attente indisponible&#xa0;: %1</translation>
    </message>
    <message>
        <source>Queue unavailable — selling goes on; reconnecting by itself</source>
        <translation>File d’attente indisponible — la vente continue; reconnexion automatique</translation>
    </message>
    <message>
        <source>The now-serving sign did not show the call: %1 — say the number aloud.</source>
        <translation>L’afficheur des appels n’a pas affiché l’appel&#xa0;: %1 — annoncez le numéro à voix haute.</translation>
    </message>
    <message>
        <source>Finish, park or transfer %1 first.</source>
        <translation>Terminez, mettez en suspens ou transférez d’abord %1.</translation>
    </message>
    <message>
        <source>Select a waiting ticket first.</source>
        <translation>Choisissez d’abord un billet en attente.</translation>
    </message>
    <message>
        <source>Called %1 to %2.</source>
        <translation>%1 appelé au %2.</translation>
    </message>
    <message>
        <source>Not in the catalogue: %1</source>
        <translation>Absent du catalogue&#xa0;: %1</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>Notes&#xa0;: %1</translation>
    </message>
    <message>
        <source>Recalled %1 (%2 times).</source>
        <translation>%1 rappelé (%2 fois).</translation>
    </message>
    <message>
        <source>%1 marked as a no-show.</source>
        <translation>%1 marqué comme absent.</translation>
    </message>
    <message>
        <source>%1 parked; resume it from the parked list.</source>
        <translation>%1 mis en suspens; reprenez-le à partir de la liste des visiteurs en suspens.</translation>
    </message>
    <message>
        <source>%1 closed.</source>
        <translation>%1 fermé.</translation>
    </message>
    <message>
        <source>%1 transferred; the visitor keeps their place.</source>
        <translation>%1 transféré; le visiteur garde sa place.</translation>
    </message>
    <message>
        <source>Select a parked visitor first.</source>
        <translation>Choisissez d’abord un visiteur en suspens.</translation>
    </message>
    <message>
        <source>Select a desk&apos;s visitor first.</source>
        <translation>Choisissez d’abord le visiteur d’un guichet.</translation>
    </message>
    <message>
        <source>%1 is back in the lobby, in its place.</source>
        <translation>%1 est de retour dans la salle d’attente, à sa place.</translation>
    </message>
    <message>
        <source>The sale is saved, but ticket %1 could not be closed: %2</source>
        <translation>La vente est enregistrée, mais le billet %1 n’a pas pu être fermé&#xa0;: %2</translation>
    </message>
    <message>
        <source>Serving %1 · %2</source>
        <translation>Service de %1 · %2</translation>
    </message>
    <message>
        <source>Backup needed at the front desk (asked at %1).</source>
        <translation>Renfort requis à l’accueil (demandé à %1).</translation>
    </message>
    <message>
        <source>Today: first-time resolution %1, abandonment %2</source>
        <translation>Aujourd’hui&#xa0;: résolution au premier contact %1, abandons %2</translation>
    </message>
    <message>
        <source>%1 issued, %2 served, wait %3 min avg, service %4 min avg, %5 no-shows</source>
        <translation>%1 émis, %2 servis, attente moy. %3 min, service moy. %4 min, %5 absents</translation>
    </message>
    <message>
        <source>over the standard</source>
        <translation>au-delà de la norme</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Add the highlighted service / take the tender</source>
        <translation>Ajouter le service en surbrillance / accepter le paiement</translation>
    </message>
    <message>
        <source>Alt+K</source>
        <translation>Alt+K</translation>
    </message>
    <message>
        <source>Choose the tender kind</source>
        <translation>Choisir le mode de paiement</translation>
    </message>
    <message>
        <source>Delete, +, −</source>
        <translation>Suppr, +, −</translation>
    </message>
    <message>
        <source>In the visit lines: remove a line, change its quantity</source>
        <translation>Dans les lignes de la visite&#xa0;: supprimer une ligne, modifier sa quantité</translation>
    </message>
    <message>
        <source>Serve a &amp;walk-in now (no ticket)…</source>
        <translation>Servir un visiteur &amp;sans billet maintenant…</translation>
    </message>
    <message>
        <source>The walk-in queue is not available at this desk.</source>
        <translation>La file d’attente n’est pas disponible à ce guichet.</translation>
    </message>
    <message>
        <source>Serving walk-in %1 now (no ticket taken); the visit is timed.</source>
        <translation>Service du visiteur %1 sans billet; la visite est chronométrée.</translation>
    </message>
    <message>
        <source>Appoint&amp;ments &amp;&amp; walk-ins</source>
        <translation>Rendez-&amp;vous et visiteurs sans rendez-vous</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>The sale is being saved; change the language once it is done.</source>
        <translation>La vente est en cours d’enregistrement; changez de langue une fois qu’elle est terminée.</translation>
    </message>
    <message>
        <source>Close the open dialog first, then change the language.</source>
        <translation>Fermez d’abord la boîte de dialogue ouverte, puis changez de langue.</translation>
    </message>
    <message>
        <source>A ticket is being issued; change the language once it is printed.</source>
        <translation>Un billet est en cours d’émission; changez la langue une fois qu’il est imprimé.</translation>
    </message>
    <message>
        <source>Finish, park or transfer %1 first, then change the language.</source>
        <translation>Terminez, mettez en suspens ou transférez d’abord %1, puis changez de langue.</translation>
    </message>
    <message>
        <source>The window is now in English.</source>
        <translation>La fenêtre est maintenant en anglais.</translation>
    </message>
    <message>
        <source>The window is now in French.</source>
        <translation>La fenêtre est maintenant en français.</translation>
    </message>
    <message>
        <source>Visitor&apos;s language (ticket)</source>
        <translation>Langue du visiteur (billet)</translation>
    </message>
    <message>
        <source>The ticket prints in this language; the window keeps its own</source>
        <translation>Le billet s’imprime dans cette langue; la fenêtre garde la sienne</translation>
    </message>
    <message>
        <source>Ticket: usual language</source>
        <translation>Billet&#xa0;: langue habituelle</translation>
    </message>
    <message>
        <source>Ticket: English</source>
        <translation>Billet&#xa0;: anglais</translation>
    </message>
    <message>
        <source>Ticket: French</source>
        <translation>Billet&#xa0;: français</translation>
    </message>
    <message>
        <source>Visitor&apos;s language (receipt)</source>
        <translation>Langue du visiteur (reçu)</translation>
    </message>
    <message>
        <source>The receipt prints in this language; the window keeps its own</source>
        <translation>Le reçu s’imprime dans cette langue; la fenêtre garde la sienne</translation>
    </message>
    <message>
        <source>Receipt: usual language</source>
        <translation>Reçu&#xa0;: langue habituelle</translation>
    </message>
    <message>
        <source>Receipt in English</source>
        <translation>Reçu en anglais</translation>
    </message>
    <message>
        <source>Receipt in French</source>
        <translation>Reçu en français</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>Chèque</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>Débit</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Crédit</translation>
    </message>
    <message>
        <source>e-Transfer</source>
        <translation>Virement Interac</translation>
    </message>
    <message>
        <source>Money order</source>
        <translation>Mandat</translation>
    </message>
    <message>
        <source>$100 notes</source>
        <translation>Billets de 100&#xa0;$</translation>
    </message>
    <message>
        <source>$50 notes</source>
        <translation>Billets de 50&#xa0;$</translation>
    </message>
    <message>
        <source>$20 notes</source>
        <translation>Billets de 20&#xa0;$</translation>
    </message>
    <message>
        <source>$10 notes</source>
        <translation>Billets de 10&#xa0;$</translation>
    </message>
    <message>
        <source>$5 notes</source>
        <translation>Billets de 5&#xa0;$</translation>
    </message>
    <message>
        <source>$2 coins</source>
        <translation>Pièces de 2&#xa0;$</translation>
    </message>
    <message>
        <source>$1 coins</source>
        <translation>Pièces de 1&#xa0;$</translation>
    </message>
    <message>
        <source>25¢ coins</source>
        <translation>Pièces de 25&#xa0;¢</translation>
    </message>
    <message>
        <source>10¢ coins</source>
        <translation>Pièces de 10&#xa0;¢</translation>
    </message>
    <message>
        <source>5¢ coins</source>
        <translation>Pièces de 5&#xa0;¢</translation>
    </message>
    <message>
        <source>associate</source>
        <translation>préposé(e)</translation>
    </message>
    <message>
        <source>greeter</source>
        <translation>accueil</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>superviseur(e)</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>administrateur(trice)</translation>
    </message>
    <message>
        <source>&amp;Display</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>High contrast is on.</source>
        <translation>Le contraste élevé est activé.</translation>
    </message>
    <message>
        <source>Standard colours are on.</source>
        <translation>Les couleurs standard sont activées.</translation>
    </message>
    <message>
        <source>The text is now at %1 points.</source>
        <translation>Le texte est maintenant à %1 points.</translation>
    </message>
</context>
<context>
    <name>AccountPaymentDialog</name>
    <message>
        <source>Pay an account</source>
        <translation>Payer un compte</translation>
    </message>
    <message>
        <source>Account &amp;number, name or address:</source>
        <translation>&amp;Numéro de compte, nom ou adresse&#xa0;:</translation>
    </message>
    <message>
        <source>Account number, name or address</source>
        <translation>Numéro de compte, nom ou adresse</translation>
    </message>
    <message>
        <source>Roll or ticket number, or scan the bill</source>
        <translation>Numéro de rôle ou de contravention, ou balayez la facture</translation>
    </message>
    <message>
        <source>Matching accounts</source>
        <translation>Comptes correspondants</translation>
    </message>
    <message>
        <source>Accounts matching the number, name or address typed; Enter chooses one</source>
        <translation>Comptes correspondant au numéro, au nom ou à l’adresse tapés; Entrée en choisit un</translation>
    </message>
    <message>
        <source>The chosen account</source>
        <translation>Le compte choisi</translation>
    </message>
    <message>
        <source>Amount the visitor pays</source>
        <translation>Montant payé par le visiteur</translation>
    </message>
    <message>
        <source>Dollars and cents paid on the chosen account, for example 120 or 120.50</source>
        <translation>Dollars et cents payés sur le compte choisi, par exemple 120 ou 120.50</translation>
    </message>
    <message>
        <source>&amp;Amount paid:</source>
        <translation>&amp;Montant payé&#xa0;:</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>A&amp;dd to visit</source>
        <translation>A&amp;jouter à la visite</translation>
    </message>
    <message>
        <source>Add the payment to the visit</source>
        <translation>Ajouter le paiement à la visite</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>%1 is not a valid account number (the check digit does not match): check it against the bill.</source>
        <translation>%1 n’est pas un numéro de compte valide (le chiffre de contrôle ne correspond pas)&#xa0;: comparez-le avec la facture.</translation>
    </message>
    <message>
        <source>That number is longer than any account number.</source>
        <translation>Ce numéro est plus long que tout numéro de compte.</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>payé</translation>
    </message>
    <message>
        <source>No account matches; check the number or try the name.</source>
        <translation>Aucun compte ne correspond; vérifiez le numéro ou essayez le nom.</translation>
    </message>
    <message>
        <source>Already in this visit: %1</source>
        <translation>Déjà dans cette visite&#xa0;: %1</translation>
    </message>
    <message>
        <source>No payment service in the catalogue takes this kind of account.</source>
        <translation>Aucun service de paiement du catalogue n’accepte ce type de compte.</translation>
    </message>
    <message>
        <source>Find the account first.</source>
        <translation>Trouvez d’abord le compte.</translation>
    </message>
</context>
<context>
    <name>AppointmentsDialog</name>
    <message>
        <source>Appointments</source>
        <translation>Rendez-vous</translation>
    </message>
    <message>
        <source>Appointment book</source>
        <translation>Carnet de rendez-vous</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>&amp;Jour&#xa0;:</translation>
    </message>
    <message>
        <source>Day of the appointments</source>
        <translation>Jour des rendez-vous</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>Caté&amp;gorie&#xa0;:</translation>
    </message>
    <message>
        <source>Service category</source>
        <translation>Catégorie de service</translation>
    </message>
    <message>
        <source>&amp;Slots (booked of the places):</source>
        <translation>&amp;Plages (réservées sur places)&#xa0;:</translation>
    </message>
    <message>
        <source>Slots of the day</source>
        <translation>Plages horaires du jour</translation>
    </message>
    <message>
        <source>Each time slot of the chosen day with how many of its places are booked</source>
        <translation>Chaque plage horaire du jour choisi, avec le nombre de places réservées</translation>
    </message>
    <message>
        <source>Visitor&apos;s name</source>
        <translation>Nom du visiteur</translation>
    </message>
    <message>
        <source>Visitor&apos;s phone or e-mail</source>
        <translation>Téléphone ou courriel du visiteur</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>Con&amp;tact:</source>
        <translation>Coo&amp;rdonnées&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Book the chosen slot</source>
        <translation>Ré&amp;server la plage choisie</translation>
    </message>
    <message>
        <source>&amp;Appointments of the day:</source>
        <translation>Rendez-vous du &amp;jour&#xa0;:</translation>
    </message>
    <message>
        <source>Appointments of the day</source>
        <translation>Rendez-vous du jour</translation>
    </message>
    <message>
        <source>Appointments booked on the chosen day: time, name, contact, category, status</source>
        <translation>Rendez-vous pris pour le jour choisi&#xa0;: heure, nom, coordonnées, catégorie, état</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Coordonnées</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Check &amp;in now</source>
        <translation>Enregistrer l’&amp;arrivée</translation>
    </message>
    <message>
        <source>&amp;Move to the chosen slot</source>
        <translation>&amp;Déplacer vers la plage choisie</translation>
    </message>
    <message>
        <source>&amp;Cancel appointment</source>
        <translation>Annuler le &amp;rendez-vous</translation>
    </message>
    <message>
        <source>No-s&amp;how</source>
        <translation>A&amp;bsent</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>%1 · %2 of %3 booked</source>
        <translation>%1 · %2 sur %3 réservées</translation>
    </message>
    <message>
        <source>full</source>
        <translation>complet</translation>
    </message>
    <message>
        <source>Choose a slot first.</source>
        <translation>Choisissez d’abord une plage horaire.</translation>
    </message>
    <message>
        <source>Select an appointment in the list first.</source>
        <translation>Choisissez d’abord un rendez-vous dans la liste.</translation>
    </message>
    <message>
        <source>Type the visitor&apos;s name.</source>
        <translation>Tapez le nom du visiteur.</translation>
    </message>
    <message>
        <source>Booked %1 for %2.</source>
        <translation>%1 réservé pour %2.</translation>
    </message>
    <message>
        <source>%1 moved to %2.</source>
        <translation>%1 déplacé à %2.</translation>
    </message>
    <message>
        <source>%1&apos;s appointment cancelled.</source>
        <translation>Rendez-vous de %1 annulé.</translation>
    </message>
    <message>
        <source>%1 recorded as a no-show.</source>
        <translation>%1 inscrit comme absent.</translation>
    </message>
    <message>
        <source>Only today&apos;s appointments are checked in.</source>
        <translation>Seuls les rendez-vous d’aujourd’hui peuvent être enregistrés à l’arrivée.</translation>
    </message>
    <message>
        <source>%1 checked in: ticket %2, served in their slot.</source>
        <translation>Arrivée de %1 enregistrée&#xa0;: billet %2, servi dans sa plage horaire.</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Supervisor&apos;s approval</source>
        <translation>Approbation du superviseur</translation>
    </message>
    <message>
        <source>Supervisor&apos;s user name</source>
        <translation>Nom d’utilisateur du superviseur</translation>
    </message>
    <message>
        <source>Supervisor&apos;s password or PIN</source>
        <translation>Mot de passe ou NIP du superviseur</translation>
    </message>
    <message>
        <source>&amp;Supervisor:</source>
        <translation>&amp;Superviseur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Password or PIN:</source>
        <translation>&amp;Mot de passe ou NIP&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approuver</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>CashCountWidget</name>
    <message>
        <source>Denomination</source>
        <translation>Coupure</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>Pièces</translation>
    </message>
    <message>
        <source>Rolls</source>
        <translation>Rouleaux</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>%1, pieces</source>
        <translation>%1, pièces</translation>
    </message>
    <message>
        <source>How many single notes or coins of this kind you count</source>
        <translation>Nombre de billets ou de pièces de cette sorte que vous comptez, à l’unité</translation>
    </message>
    <message>
        <source>%1, rolls of %2</source>
        <translation>%1, rouleaux de %2</translation>
    </message>
    <message>
        <source>How many full rolls of this coin you count</source>
        <translation>Nombre de rouleaux complets de cette pièce que vous comptez</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Total counted</source>
        <translation>Total compté</translation>
    </message>
</context>
<context>
    <name>ChecklistDialog</name>
    <message>
        <source>Eligibility checklist</source>
        <translation>Liste de vérification d’admissibilité</translation>
    </message>
    <message>
        <source>Before %1, confirm each item:</source>
        <translation>Avant %1, confirmez chaque élément&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Add to visit</source>
        <translation>&amp;Ajouter à la visite</translation>
    </message>
    <message>
        <source>Add to visit</source>
        <translation>Ajouter à la visite</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>Close drawer</source>
        <translation>Fermer le tiroir</translation>
    </message>
    <message>
        <source>Close drawer: blind count and sign-off</source>
        <translation>Fermer le tiroir&#xa0;: dénombrement à l’aveugle et approbation</translation>
    </message>
    <message>
        <source>Count everything in the drawer. The expected figures appear only after your count is recorded, and the count cannot be changed then.</source>
        <translation>Comptez tout ce que contient le tiroir. Les montants attendus n’apparaissent qu’une fois votre dénombrement enregistré, et celui-ci ne peut plus être modifié ensuite.</translation>
    </message>
    <message>
        <source>Cheques in the drawer:</source>
        <translation>Chèques dans le tiroir&#xa0;:</translation>
    </message>
    <message>
        <source>Cheque number</source>
        <translation>Numéro du chèque</translation>
    </message>
    <message>
        <source>Cheque no.</source>
        <translation>No de chèque</translation>
    </message>
    <message>
        <source>Cheque amount</source>
        <translation>Montant du chèque</translation>
    </message>
    <message>
        <source>The amount written on the cheque, in dollars and cents</source>
        <translation>Le montant inscrit sur le chèque, en dollars et en cents</translation>
    </message>
    <message>
        <source>&amp;Add cheque</source>
        <translation>&amp;Ajouter le chèque</translation>
    </message>
    <message>
        <source>Add the cheque</source>
        <translation>Ajouter le chèque</translation>
    </message>
    <message>
        <source>Cheques counted (Delete removes)</source>
        <translation>Chèques comptés (Suppr en retire un)</translation>
    </message>
    <message>
        <source>Each cheque counted in the drawer with its number and amount</source>
        <translation>Chaque chèque compté dans le tiroir, avec son numéro et son montant</translation>
    </message>
    <message>
        <source>The total of this tender&apos;s slips in the drawer, in dollars and cents</source>
        <translation>Le total des bordereaux de ce mode de paiement dans le tiroir, en dollars et en cents</translation>
    </message>
    <message>
        <source>&amp;Record my count</source>
        <translation>&amp;Enregistrer mon dénombrement</translation>
    </message>
    <message>
        <source>Record my count</source>
        <translation>Enregistrer mon dénombrement</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Add the cheque you typed (or clear it) first.</source>
        <translation>Ajoutez d’abord le chèque saisi (ou effacez-le).</translation>
    </message>
    <message>
        <source>Over by %1</source>
        <translation>Excédent de %1</translation>
    </message>
    <message>
        <source>Short by %1</source>
        <translation>Manque de %1</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>Équilibré</translation>
    </message>
    <message>
        <source>&amp;Reason (required: more than %1):</source>
        <translation>&amp;Motif (obligatoire&#xa0;: plus de %1)&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Reason (optional):</source>
        <translation>&amp;Motif (facultatif)&#xa0;:</translation>
    </message>
    <message>
        <source>Expected against counted, per tender</source>
        <translation>Attendu et compté, par mode de paiement</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>Mode de paiement</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Attendu</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <source>Over/short</source>
        <translation>Excédent/manque</translation>
    </message>
    <message>
        <source>Over or short</source>
        <translation>Excédent ou manque</translation>
    </message>
    <message>
        <source>Reason for the over or short</source>
        <translation>Motif de l’excédent ou du manque</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif&#xa0;:</translation>
    </message>
    <message>
        <source>Supervisor user name</source>
        <translation>Nom d’utilisateur du superviseur</translation>
    </message>
    <message>
        <source>Supervisor password</source>
        <translation>Mot de passe du superviseur</translation>
    </message>
    <message>
        <source>&amp;Supervisor:</source>
        <translation>&amp;Superviseur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>Supervisor &amp;sign-off</source>
        <translation>Approbation du &amp;superviseur</translation>
    </message>
    <message>
        <source>Supervisor sign-off</source>
        <translation>Approbation du superviseur</translation>
    </message>
    <message>
        <source>Sign off &amp;later</source>
        <translation>Approuver &amp;plus tard</translation>
    </message>
    <message>
        <source>Sign off later</source>
        <translation>Approuver plus tard</translation>
    </message>
</context>
<context>
    <name>CorrectionsDialog</name>
    <message>
        <source>Receipts and corrections</source>
        <translation>Reçus et corrections</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>Numéro du reçu</translation>
    </message>
    <message>
        <source>Type or scan, e.g. WHB-01-000042</source>
        <translation>Tapez ou balayez, p. ex. WHB-01-000042</translation>
    </message>
    <message>
        <source>Receipt &amp;number:</source>
        <translation>&amp;Numéro du reçu&#xa0;:</translation>
    </message>
    <message>
        <source>The receipt found</source>
        <translation>Le reçu trouvé</translation>
    </message>
    <message>
        <source>&amp;Lines (Space ticks a line to refund):</source>
        <translation>&amp;Lignes (Espace coche une ligne à rembourser)&#xa0;:</translation>
    </message>
    <message>
        <source>Lines of the receipt</source>
        <translation>Lignes du reçu</translation>
    </message>
    <message>
        <source>Each line of the receipt found; Space ticks a line to refund it</source>
        <translation>Chaque ligne du reçu trouvé; Espace coche une ligne à rembourser</translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation>Montant à rembourser</translation>
    </message>
    <message>
        <source>Dollars and cents to give back; left blank, all that is left of each ticked line</source>
        <translation>Dollars et cents à rendre; laissé vide, tout ce qui reste de chaque ligne cochée</translation>
    </message>
    <message>
        <source>blank: all that is left of each ticked line</source>
        <translation>vide&#xa0;: tout le solde de chaque ligne cochée</translation>
    </message>
    <message>
        <source>Refund &amp;amount:</source>
        <translation>Montant du rem&amp;boursement&#xa0;:</translation>
    </message>
    <message>
        <source>Refund in &amp;cash (not to the original tenders)</source>
        <translation>Rembourser en &amp;espèces (et non selon les paiements d’origine)</translation>
    </message>
    <message>
        <source>Refund in cash</source>
        <translation>Rembourser en espèces</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation>M&amp;otif&#xa0;:</translation>
    </message>
    <message>
        <source>Supervisor&apos;s user name</source>
        <translation>Nom d’utilisateur du superviseur</translation>
    </message>
    <message>
        <source>&amp;Supervisor:</source>
        <translation>&amp;Superviseur&#xa0;:</translation>
    </message>
    <message>
        <source>Supervisor&apos;s password or PIN</source>
        <translation>Mot de passe ou NIP du superviseur</translation>
    </message>
    <message>
        <source>Supervisor&apos;s pass&amp;word or PIN:</source>
        <translation>Mot de &amp;passe ou NIP du superviseur&#xa0;:</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>&amp;Void sale</source>
        <translation>&amp;Annuler la vente</translation>
    </message>
    <message>
        <source>Void the whole sale</source>
        <translation>Annuler toute la vente</translation>
    </message>
    <message>
        <source>Re&amp;fund ticked lines</source>
        <translation>Re&amp;mbourser les lignes cochées</translation>
    </message>
    <message>
        <source>Refund the ticked lines</source>
        <translation>Rembourser les lignes cochées</translation>
    </message>
    <message>
        <source>Re&amp;print (COPY)</source>
        <translation>Ré&amp;imprimer (COPIE)</translation>
    </message>
    <message>
        <source>Reprint the receipt marked COPY</source>
        <translation>Réimprimer le reçu avec la mention COPIE</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>%1. %2  %3 (left to refund %4)</source>
        <translation>%1. %2  %3 (reste à rembourser&#xa0;: %4)</translation>
    </message>
    <message>
        <source>Say why: a correction needs a reason.</source>
        <translation>Indiquez pourquoi&#xa0;: une correction exige un motif.</translation>
    </message>
    <message>
        <source>A supervisor types their user name and password or PIN.</source>
        <translation>Un superviseur tape son nom d’utilisateur et son mot de passe ou NIP.</translation>
    </message>
    <message>
        <source>Tick the lines to refund (Space).</source>
        <translation>Cochez les lignes à rembourser (Espace).</translation>
    </message>
    <message>
        <source>An amount refunds one line: tick one line, or leave it blank.</source>
        <translation>Un montant ne rembourse qu’une ligne&#xa0;: cochez une seule ligne, ou laissez le montant vide.</translation>
    </message>
    <message>
        <source>Checking the approval and saving…</source>
        <translation>Vérification de l’approbation et enregistrement…</translation>
    </message>
    <message>
        <source>Sent to the printer, marked COPY.</source>
        <translation>Envoyé à l’imprimante, avec la mention COPIE.</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message numerus="yes">
        <source>%n line(s), total %1.</source>
        <translation>
            <numerusform>%n ligne, total %1.</numerusform>
            <numerusform>%n lignes, total %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeviceJobsDialog</name>
    <message>
        <source>Receipt</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Tiroir-caisse</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Impression d’essai</translation>
    </message>
    <message>
        <source>Test display</source>
        <translation>Essai de l’afficheur</translation>
    </message>
    <message>
        <source>Queue ticket</source>
        <translation>Billet de file d’attente</translation>
    </message>
    <message>
        <source>Now-serving call</source>
        <translation>Appel sur l’afficheur des appels</translation>
    </message>
    <message>
        <source>Raw bytes</source>
        <translation>Octets bruts</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Rapport Z</translation>
    </message>
    <message>
        <source>Drawer slip (pickup, paid-out, deposit)</source>
        <translation>Bordereau de tiroir (prélèvement, décaissement, dépôt)</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>Afficheur client</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Sent, not confirmed</source>
        <translation>Envoyé, non confirmé</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Appareil</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Print queue</source>
        <translation>File d’impression</translation>
    </message>
    <message>
        <source>Device jobs, newest first</source>
        <translation>Travaux des appareils, du plus récent au plus ancien</translation>
    </message>
    <message>
        <source>Print and display jobs: the device, what it was, its state, why it failed</source>
        <translation>Travaux d’impression et d’affichage&#xa0;: l’appareil, le travail, son état, la cause d’un échec</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <source>Retry the selected job on its device</source>
        <translation>Réessayer le travail choisi sur son appareil</translation>
    </message>
    <message>
        <source>Send &amp;to:</source>
        <translation>Envoyer &amp;à&#xa0;:</translation>
    </message>
    <message>
        <source>Printer to send the selected job to</source>
        <translation>Imprimante à laquelle envoyer le travail choisi</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>Send the selected job to the chosen printer</source>
        <translation>Envoyer le travail choisi à l’imprimante choisie</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Actua&amp;liser</translation>
    </message>
    <message>
        <source>Refresh the list</source>
        <translation>Actualiser la liste</translation>
    </message>
    <message>
        <source>Re&amp;print receipt no.:</source>
        <translation>Réim&amp;primer le reçu no&#xa0;:</translation>
    </message>
    <message>
        <source>Receipt number to reprint</source>
        <translation>Numéro du reçu à réimprimer</translation>
    </message>
    <message>
        <source>Reprint (C&amp;OPY) to the chosen printer</source>
        <translation>Réimprimer (C&amp;OPIE) sur l’imprimante choisie</translation>
    </message>
    <message>
        <source>Reprint the receipt, marked COPY</source>
        <translation>Réimprimer le reçu avec la mention COPIE</translation>
    </message>
    <message>
        <source>Print queue message</source>
        <translation>Message de la file d’impression</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>&amp;Reprint</source>
        <translation>&amp;Réimprimer</translation>
    </message>
    <message>
        <source>Sent again to %1.</source>
        <translation>Renvoyé à %1.</translation>
    </message>
    <message>
        <source>%1 sent again to %2.</source>
        <translation>%1 renvoyé à %2.</translation>
    </message>
    <message>
        <source>Type the receipt number to reprint.</source>
        <translation>Tapez le numéro du reçu à réimprimer.</translation>
    </message>
    <message>
        <source>No receipt printer set up.</source>
        <translation>Aucune imprimante de reçus n’est configurée.</translation>
    </message>
    <message>
        <source>Receipt %1 queued as a COPY.</source>
        <translation>Reçu %1 mis en file d’impression comme COPIE.</translation>
    </message>
</context>
<context>
    <name>DeviceName</name>
    <message>
        <source>Receipt printer</source>
        <extracomment>The names the set-up gives devices (counterapp.setup, domain.devices, the first-run wizard, the demo): shown in the window&apos;s language. A name the administrator typed shows as typed.</extracomment>
        <translation>Imprimante de reçus</translation>
    </message>
    <message>
        <source>Ticket printer</source>
        <translation>Imprimante de billets</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>Afficheur client</translation>
    </message>
    <message>
        <source>Now-serving sign</source>
        <translation>Afficheur des appels</translation>
    </message>
</context>
<context>
    <name>DeviceSettings</name>
    <message>
        <source>Receipt printer (and cash drawer)</source>
        <translation>Imprimante de reçus (et tiroir-caisse)</translation>
    </message>
    <message>
        <source>Queue-ticket printer</source>
        <translation>Imprimante de billets de file d’attente</translation>
    </message>
    <message>
        <source>Customer pole display</source>
        <translation>Afficheur client (sur poteau)</translation>
    </message>
    <message>
        <source>Now-serving sign</source>
        <translation>Afficheur des appels</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Port série</translation>
    </message>
    <message>
        <source>Network (TCP, host:port)</source>
        <translation>Réseau (TCP, hôte:port)</translation>
    </message>
    <message>
        <source>USB (vendor and product id)</source>
        <translation>USB (identifiants du fabricant et du produit)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <source>Hardware (RTS/CTS)</source>
        <translation>Matériel (RTS/CTS)</translation>
    </message>
    <message>
        <source>Software (XON/XOFF)</source>
        <translation>Logiciel (XON/XOFF)</translation>
    </message>
    <message>
        <source>Hardware (DSR/DTR)</source>
        <translation>Matériel (DSR/DTR)</translation>
    </message>
    <message>
        <source>ESC/POS line display (Epson DM-D)</source>
        <translation>Afficheur ESC/POS (Epson DM-D)</translation>
    </message>
    <message>
        <source>CD5220</source>
        <translation>CD5220</translation>
    </message>
    <message>
        <source>Not wired (unknown)</source>
        <translation>Non raccordé (inconnu)</translation>
    </message>
    <message>
        <source>Pin 3 high when open</source>
        <translation>Broche 3 haute à l’ouverture</translation>
    </message>
    <message>
        <source>Pin 3 low when open</source>
        <translation>Broche 3 basse à l’ouverture</translation>
    </message>
</context>
<context>
    <name>DeviceSettingsDialog</name>
    <message>
        <source>Device settings</source>
        <translation>Paramètres des appareils</translation>
    </message>
    <message>
        <source>Devices at this station</source>
        <translation>Appareils de ce poste</translation>
    </message>
    <message>
        <source>De&amp;vices:</source>
        <translation>A&amp;ppareils&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <source>Add a device</source>
        <translation>Ajouter un appareil</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <source>Remove the selected device</source>
        <translation>Retirer l’appareil choisi</translation>
    </message>
    <message>
        <source>Device name</source>
        <translation>Nom de l’appareil</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>USB vendor id (hex)</source>
        <translation>Identifiant USB du fabricant (hex)</translation>
    </message>
    <message>
        <source>USB product id (hex)</source>
        <translation>Identifiant USB du produit (hex)</translation>
    </message>
    <message>
        <source>Sign driver</source>
        <translation>Pilote de l’afficheur</translation>
    </message>
    <message>
        <source>Sign line</source>
        <translation>Ligne de l’afficheur</translation>
    </message>
    <message>
        <source>{ticket} and {counter} are filled in</source>
        <translation>{ticket} et {counter} sont remplacés automatiquement</translation>
    </message>
    <message>
        <source>Chime &amp;with each call</source>
        <translation>Carillon à cha&amp;que appel</translation>
    </message>
    <message>
        <source>Ask t&amp;he printer for paper and cover state</source>
        <translation>De&amp;mander à l’imprimante l’état du papier et du capot</translation>
    </message>
    <message>
        <source>USB vendor id:</source>
        <translation>Identifiant du fabricant USB&#xa0;:</translation>
    </message>
    <message>
        <source>USB product id:</source>
        <translation>Identifiant du produit USB&#xa0;:</translation>
    </message>
    <message>
        <source>Data bits:</source>
        <translation>Bits de données&#xa0;:</translation>
    </message>
    <message>
        <source>Parity:</source>
        <translation>Parité&#xa0;:</translation>
    </message>
    <message>
        <source>Stop bits:</source>
        <translation>Bits d’arrêt&#xa0;:</translation>
    </message>
    <message>
        <source>Handshake (flow control):</source>
        <translation>Contrôle de flux (liaison)&#xa0;:</translation>
    </message>
    <message>
        <source>Write timeout:</source>
        <translation>Délai d’écriture&#xa0;:</translation>
    </message>
    <message>
        <source>Query timeout (status):</source>
        <translation>Délai de réponse (état)&#xa0;:</translation>
    </message>
    <message>
        <source>Test pr&amp;int</source>
        <translation>&amp;Imprimer un essai</translation>
    </message>
    <message>
        <source>Chime with each call</source>
        <translation>Carillon à chaque appel</translation>
    </message>
    <message>
        <source>The printers, drawers, displays and signs set up here; choose one to edit</source>
        <translation>Les imprimantes, tiroirs, afficheurs et panneaux configurés ici; choisissez-en un pour le modifier</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>/dev/ttyUSB0, COM3, socket://10.0.0.7:9100, rfc2217://…</source>
        <translation>/dev/ttyUSB0, COM3, socket://10.0.0.7:9100, rfc2217://…</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Débit en bauds</translation>
    </message>
    <message>
        <source>Data bits</source>
        <translation>Bits de données</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>Parité</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>Bits d’arrêt</translation>
    </message>
    <message>
        <source>Flow control</source>
        <translation>Contrôle de flux</translation>
    </message>
    <message>
        <source>Write timeout in seconds</source>
        <translation>Délai d’écriture en secondes</translation>
    </message>
    <message>
        <source>Status answer timeout in seconds</source>
        <translation>Délai de réponse d’état en secondes</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <source>48 on 80 mm paper, 32 on 58 mm; 20 on a pole display</source>
        <translation>48 sur papier de 80 mm, 32 sur 58 mm; 20 sur un afficheur client</translation>
    </message>
    <message>
        <source>Printer profile</source>
        <translation>Profil de l’imprimante</translation>
    </message>
    <message>
        <source>python-escpos profile: default, TM-T88V, TM-T20II …</source>
        <translation>Profil python-escpos&#xa0;: default, TM-T88V, TM-T20II…</translation>
    </message>
    <message>
        <source>Display command set</source>
        <translation>Jeu de commandes de l’afficheur</translation>
    </message>
    <message>
        <source>Ask the printer for its state</source>
        <translation>Demander son état à l’imprimante</translation>
    </message>
    <message>
        <source>Drawer sensor</source>
        <translation>Capteur du tiroir</translation>
    </message>
    <message>
        <source>Open the cash drawer for &amp;cash</source>
        <translation>Ouvrir le tiroir-caisse pour les &amp;espèces</translation>
    </message>
    <message>
        <source>Open the cash drawer for cash</source>
        <translation>Ouvrir le tiroir-caisse pour les espèces</translation>
    </message>
    <message>
        <source>Welcome text</source>
        <translation>Texte d’accueil</translation>
    </message>
    <message>
        <source>In &amp;use</source>
        <translation>En ser&amp;vice</translation>
    </message>
    <message>
        <source>Device in use</source>
        <translation>Appareil en service</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>R&amp;ôle&#xa0;:</translation>
    </message>
    <message>
        <source>Connect th&amp;rough:</source>
        <translation>Connexion &amp;par&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>P&amp;ort&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Baud rate:</source>
        <translation>&amp;Débit en bauds&#xa0;:</translation>
    </message>
    <message>
        <source>Co&amp;lumns:</source>
        <translation>Co&amp;lonnes&#xa0;:</translation>
    </message>
    <message>
        <source>Printer pro&amp;file:</source>
        <translation>Pro&amp;fil de l’imprimante&#xa0;:</translation>
    </message>
    <message>
        <source>Display &amp;kind:</source>
        <translation>&amp;Type d’afficheur&#xa0;:</translation>
    </message>
    <message>
        <source>Drawer s&amp;ensor:</source>
        <translation>Capt&amp;eur du tiroir&#xa0;:</translation>
    </message>
    <message>
        <source>Welcome te&amp;xt:</source>
        <translation>Te&amp;xte d’accueil&#xa0;:</translation>
    </message>
    <message>
        <source>Si&amp;gn driver:</source>
        <translation>Pilote de l’affic&amp;heur&#xa0;:</translation>
    </message>
    <message>
        <source>Line &amp;shown:</source>
        <translation>Ligne affi&amp;chée&#xa0;:</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Impression d’essai</translation>
    </message>
    <message>
        <source>Test &amp;display</source>
        <translation>Essai de l’affic&amp;heur</translation>
    </message>
    <message>
        <source>Test display</source>
        <translation>Essai de l’afficheur</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Save the device settings</source>
        <translation>Enregistrer les paramètres des appareils</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Enregistrement impossible&#xa0;: %1</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>Ne&amp;twork address:</source>
        <translation>Adresse rés&amp;eau&#xa0;:</translation>
    </message>
    <message>
        <source>host:port, for example 10.0.0.7:9100</source>
        <translation>hôte:port, par exemple 10.0.0.7:9100</translation>
    </message>
    <message>
        <source>/dev/ttyUSB0, COM3, rfc2217://…</source>
        <translation>/dev/ttyUSB0, COM3, rfc2217://…</translation>
    </message>
    <message>
        <source>Sending a test to %1…</source>
        <translation>Envoi d’un essai à %1…</translation>
    </message>
    <message>
        <source>Test sent. %1</source>
        <translation>Essai envoyé. %1</translation>
    </message>
    <message>
        <source>Test failed: %1</source>
        <translation>Échec de l’essai&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 gives no status answer: sent, not confirmed.</source>
        <translation>%1 ne répond pas aux demandes d’état&#xa0;: envoyé, non confirmé.</translation>
    </message>
</context>
<context>
    <name>DeviceStatus</name>
    <message>
        <source>ready</source>
        <translation>prête</translation>
    </message>
    <message>
        <source>paper low</source>
        <translation>papier presque épuisé</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>plus de papier</translation>
    </message>
    <message>
        <source>cover open</source>
        <translation>capot ouvert</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>hors ligne</translation>
    </message>
    <message>
        <source>sent, not confirmed</source>
        <translation>envoyé, non confirmé</translation>
    </message>
    <message>
        <source>state unknown</source>
        <translation>état inconnu</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>drawer open</source>
        <translation>tiroir ouvert</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Devices</source>
        <translation>Appareils</translation>
    </message>
    <message>
        <source>Choose the receipt printer&apos;s port (a serial port of this computer, or a network printer&apos;s address) and the customer display&apos;s, then try them. Leave a port empty if there is no such device.</source>
        <translation>Choisissez le port de l’imprimante de reçus (un port série de cet ordinateur, ou l’adresse d’une imprimante réseau) et celui de l’afficheur client, puis faites un essai. Laissez un port vide s’il n’y a pas d’appareil de ce type.</translation>
    </message>
    <message>
        <source>Receipt printer port</source>
        <translation>Port de l’imprimante de reçus</translation>
    </message>
    <message>
        <source>Network printer address</source>
        <translation>Adresse de l’imprimante réseau</translation>
    </message>
    <message>
        <source>Customer display port</source>
        <translation>Port de l’afficheur client</translation>
    </message>
    <message>
        <source>&amp;Test print</source>
        <translation>Impression d’&amp;essai</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>Imprimer une page d’essai</translation>
    </message>
    <message>
        <source>Test &amp;display</source>
        <translation>Essai de l’affic&amp;heur</translation>
    </message>
    <message>
        <source>Show a test on the customer display</source>
        <translation>Afficher un essai sur l’afficheur client</translation>
    </message>
    <message>
        <source>Device test result</source>
        <translation>Résultat de l’essai de l’appareil</translation>
    </message>
    <message>
        <source>&amp;Receipt printer port:</source>
        <translation>Port de l’imprimante de &amp;reçus&#xa0;:</translation>
    </message>
    <message>
        <source>or net&amp;work printer:</source>
        <translation>ou imprimante rés&amp;eau&#xa0;:</translation>
    </message>
    <message>
        <source>Customer dis&amp;play port:</source>
        <translation>Port de l’affic&amp;heur client&#xa0;:</translation>
    </message>
    <message>
        <source>Looking for serial ports…</source>
        <translation>Recherche des ports série…</translation>
    </message>
    <message>
        <source>Serial ports on this computer: %1</source>
        <translation>Ports série de cet ordinateur&#xa0;: %1</translation>
    </message>
    <message>
        <source>This computer has no serial ports; type a port or use a network printer.</source>
        <translation>Cet ordinateur n’a aucun port série; tapez un port ou utilisez une imprimante réseau.</translation>
    </message>
    <message>
        <source>Serial ports could not be listed: %1</source>
        <translation>Impossible d’énumérer les ports série&#xa0;: %1</translation>
    </message>
    <message>
        <source>Choose a port first.</source>
        <translation>Choisissez d’abord un port.</translation>
    </message>
    <message>
        <source>Sending a test to %1…</source>
        <translation>Envoi d’un essai à %1…</translation>
    </message>
    <message>
        <source>Test sent to %1.</source>
        <translation>Essai envoyé à %1.</translation>
    </message>
    <message>
        <source>Test failed: %1</source>
        <translation>Échec de l’essai&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Display</name>
    <message>
        <source>&amp;Standard colours</source>
        <translation>Couleurs &amp;standard</translation>
    </message>
    <message>
        <source>&amp;High contrast (black, white, yellow)</source>
        <translation>&amp;Contraste élevé (noir, blanc, jaune)</translation>
    </message>
    <message>
        <source>&amp;Normal text</source>
        <translation>Texte &amp;normal</translation>
    </message>
    <message>
        <source>&amp;Large text</source>
        <translation>&amp;Grand texte</translation>
    </message>
    <message>
        <source>La&amp;rger text</source>
        <translation>Texte t&amp;rès grand</translation>
    </message>
</context>
<context>
    <name>Drawer</name>
    <message>
        <source>&amp;Debit batch total:</source>
        <translation>Total du lot &amp;débit&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Credit batch total:</source>
        <translation>Total du lot &amp;crédit&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;e-Transfer total:</source>
        <translation>Total des &amp;virements Interac&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Money orders total:</source>
        <translation>Total des &amp;mandats&#xa0;:</translation>
    </message>
</context>
<context>
    <name>EndOfDayDialog</name>
    <message>
        <source>End of day</source>
        <translation>Fin de journée</translation>
    </message>
    <message>
        <source>End of day: summary and GL export</source>
        <translation>Fin de journée&#xa0;: sommaire et exportation au grand livre</translation>
    </message>
    <message>
        <source>Business day</source>
        <translation>Jour ouvrable</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>&amp;Jour&#xa0;:</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>&amp;Create summary PDF and GL CSV</source>
        <translation>&amp;Créer le sommaire PDF et le fichier CSV du grand livre</translation>
    </message>
    <message>
        <source>Create the end-of-day summary and GL export</source>
        <translation>Créer le sommaire de fin de journée et l’exportation au grand livre</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Saved %1 and %2. Debits %3 = credits %4.</source>
        <translation>%1 et %2 enregistrés. Débits %3 = crédits %4.</translation>
    </message>
    <message numerus="yes">
        <source>%n shift(s) still open.</source>
        <translation>
            <numerusform>%n quart encore ouvert.</numerusform>
            <numerusform>%n quarts encore ouverts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>Setting up this counter</source>
        <translation>Configuration de ce comptoir</translation>
    </message>
    <message>
        <source>Set-up status</source>
        <translation>État de la configuration</translation>
    </message>
    <message>
        <source>Set-up progress</source>
        <translation>Progression de la configuration</translation>
    </message>
    <message>
        <source>Set-up problem</source>
        <translation>Problème de configuration</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>head office %1</source>
        <translation>bureau central %1</translation>
    </message>
    <message>
        <source>a standalone office</source>
        <translation>un bureau autonome</translation>
    </message>
    <message>
        <source>Station %1 is set up (%2). Press Finish to sign in.</source>
        <translation>Le poste %1 est configuré (%2). Appuyez sur Terminer pour ouvrir une session.</translation>
    </message>
    <message>
        <source>The set-up did not finish.</source>
        <translation>La configuration n’a pas abouti.</translation>
    </message>
    <message>
        <source>%1
Press Back to correct it, then Next to try again.</source>
        <translation>%1
Appuyez sur Précédent pour corriger, puis sur Suivant pour réessayer.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>counterapp — set up this counter</source>
        <translation>counterapp — configuration de ce comptoir</translation>
    </message>
    <message>
        <source>Set up this counter</source>
        <translation>Configurer ce comptoir</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Précédent</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>GreeterWindow</name>
    <message>
        <source>counterapp greeter — %1</source>
        <translation>counterapp accueil — %1</translation>
    </message>
    <message>
        <source>Greeter station</source>
        <translation>Poste d’accueil</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Queue status</source>
        <translation>État de la file d’attente</translation>
    </message>
    <message>
        <source>Ticket printer status</source>
        <translation>État de l’imprimante de billets</translation>
    </message>
    <message>
        <source>Connecting to the queue…</source>
        <translation>Connexion à la file d’attente…</translation>
    </message>
    <message>
        <source>Associates serving</source>
        <translation>Préposés au service</translation>
    </message>
    <message>
        <source>Need &amp;backup (F12)</source>
        <translation>Demander du &amp;renfort (F12)</translation>
    </message>
    <message>
        <source>Need backup: alert supervisors and associates</source>
        <translation>Besoin de renfort&#xa0;: alerter les superviseurs et les préposés</translation>
    </message>
    <message>
        <source>Backup request status</source>
        <translation>État de la demande de renfort</translation>
    </message>
    <message>
        <source>Issue a ticket: press the letter, then Enter</source>
        <translation>Émettre un billet&#xa0;: appuyez sur la lettre, puis sur Entrée</translation>
    </message>
    <message>
        <source>&amp;Priority (accessibility needs)</source>
        <translation>&amp;Prioritaire (besoins d’accessibilité)</translation>
    </message>
    <message>
        <source>Priority for accessibility needs</source>
        <translation>Priorité pour besoins d’accessibilité</translation>
    </message>
    <message>
        <source>&amp;Language line (interpreter)</source>
        <translation>&amp;Interprète au téléphone</translation>
    </message>
    <message>
        <source>Language line needed</source>
        <translation>Interprète au téléphone requis</translation>
    </message>
    <message>
        <source>&amp;Name (optional):</source>
        <translation>&amp;Nom (facultatif)&#xa0;:</translation>
    </message>
    <message>
        <source>Visitor name, optional</source>
        <translation>Nom du visiteur, facultatif</translation>
    </message>
    <message>
        <source>&amp;Extra services for the same visit:</source>
        <translation>&amp;Services supplémentaires pour la même visite&#xa0;:</translation>
    </message>
    <message>
        <source>Extra services for the same visit</source>
        <translation>Services supplémentaires pour la même visite</translation>
    </message>
    <message>
        <source>Tick the other services this visitor needs; they are printed on the same ticket</source>
        <translation>Cochez les autres services dont ce visiteur a besoin; ils sont imprimés sur le même billet</translation>
    </message>
    <message>
        <source>Issue ticket (Enter)</source>
        <translation>Émettre le billet (Entrée)</translation>
    </message>
    <message>
        <source>Issue and print the ticket</source>
        <translation>Émettre et imprimer le billet</translation>
    </message>
    <message>
        <source>Last ticket issued</source>
        <translation>Dernier billet émis</translation>
    </message>
    <message>
        <source>Waiting (F4)</source>
        <translation>En attente (F4)</translation>
    </message>
    <message>
        <source>Visitors waiting, with their wait so far</source>
        <translation>Visiteurs en attente, avec leur temps d’attente jusqu’ici</translation>
    </message>
    <message>
        <source>One row per ticket: its number, category, wait so far, notes and name</source>
        <translation>Une ligne par billet&#xa0;: son numéro, sa catégorie, l’attente jusqu’ici, les notes et le nom</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Billet</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Waiting and serving by category</source>
        <translation>En attente et en service, par catégorie</translation>
    </message>
    <message>
        <source>Appointments today</source>
        <translation>Rendez-vous aujourd’hui</translation>
    </message>
    <message>
        <source>Today&apos;s appointments</source>
        <translation>Rendez-vous du jour</translation>
    </message>
    <message>
        <source>Today&apos;s appointments: time, name, category and whether they checked in</source>
        <translation>Rendez-vous d’aujourd’hui&#xa0;: heure, nom, catégorie et présence enregistrée ou non</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Check &amp;in the selected appointment</source>
        <translation>Enregistrer l’&amp;arrivée du rendez-vous choisi</translation>
    </message>
    <message>
        <source>Check in the selected appointment</source>
        <translation>Enregistrer l’arrivée du rendez-vous choisi</translation>
    </message>
    <message>
        <source>&amp;Counter</source>
        <translation>&amp;Comptoir</translation>
    </message>
    <message>
        <source>Print the last ticket again</source>
        <translation>Réimprimer le dernier billet</translation>
    </message>
    <message>
        <source>Go to the visitors waiting</source>
        <translation>Aller aux visiteurs en attente</translation>
    </message>
    <message>
        <source>Sign out / switch user</source>
        <translation>Fermer la session / changer d’utilisateur</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>letter</source>
        <translation>lettre</translation>
    </message>
    <message>
        <source>Choose the ticket&apos;s category</source>
        <translation>Choisir la catégorie du billet</translation>
    </message>
    <message>
        <source>Category %1</source>
        <translation>Catégorie %1</translation>
    </message>
    <message>
        <source>Category: %1</source>
        <translation>Catégorie&#xa0;: %1</translation>
    </message>
    <message>
        <source>No ticket printer</source>
        <translation>Aucune imprimante de billets</translation>
    </message>
    <message>
        <source>Queue: site server</source>
        <translation>File d’attente&#xa0;: serveur du bureau</translation>
    </message>
    <message>
        <source>Queue: this counter (no site server)</source>
        <translation>File d’attente&#xa0;: ce comptoir (aucun serveur de bureau)</translation>
    </message>
    <message>
        <source>Queue unavailable</source>
        <translation>File d’attente indisponible</translation>
    </message>
    <message>
        <source>Queue unavailable — reconnecting by itself</source>
        <translation>File d’attente indisponible — reconnexion automatique</translation>
    </message>
    <message>
        <source>The queue is not ready yet.</source>
        <translation>La file d’attente n’est pas encore prête.</translation>
    </message>
    <message>
        <source>Choose a category first: press its letter.</source>
        <translation>Choisissez d’abord une catégorie&#xa0;: appuyez sur sa lettre.</translation>
    </message>
    <message>
        <source>Issuing…</source>
        <translation>Émission…</translation>
    </message>
    <message numerus="yes">
        <source>%n ahead</source>
        <translation>
            <numerusform>%n personne devant</numerusform>
            <numerusform>%n personnes devant</numerusform>
        </translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>environ %1 min</translation>
    </message>
    <message>
        <source>Ticket %1 issued.</source>
        <translation>Billet %1 émis.</translation>
    </message>
    <message>
        <source>Ticket %1 issued. No ticket printer is set up: tell the visitor the number.</source>
        <translation>Billet %1 émis. Aucune imprimante de billets n’est configurée&#xa0;: donnez le numéro au visiteur.</translation>
    </message>
    <message>
        <source>Printing %1…</source>
        <translation>Impression de %1…</translation>
    </message>
    <message>
        <source>No ticket to reprint yet.</source>
        <translation>Aucun billet à réimprimer pour l’instant.</translation>
    </message>
    <message>
        <source>Printing %1 again…</source>
        <translation>Réimpression de %1…</translation>
    </message>
    <message>
        <source>Printed %1</source>
        <translation>%1 imprimé</translation>
    </message>
    <message>
        <source>Sent %1, not confirmed</source>
        <translation>%1 envoyé, non confirmé</translation>
    </message>
    <message>
        <source>Ticket %1 was sent, but the ticket printer did not confirm it. If no ticket came out, press Ctrl+P to print it again.</source>
        <translation>Le billet %1 a été envoyé, mais l’imprimante de billets ne l’a pas confirmé. Si aucun billet n’est sorti, appuyez sur Ctrl+P pour le réimprimer.</translation>
    </message>
    <message>
        <source>Ticket printer problem</source>
        <translation>Problème d’imprimante de billets</translation>
    </message>
    <message>
        <source>Ticket %1 is issued, but it did not print: %2. Tell the visitor the number (Ctrl+P prints it again).</source>
        <translation>Le billet %1 est émis, mais ne s’est pas imprimé&#xa0;: %2. Donnez le numéro au visiteur (Ctrl+P le réimprime).</translation>
    </message>
    <message>
        <source>Select the appointment to check in.</source>
        <translation>Choisissez le rendez-vous dont il faut enregistrer l’arrivée.</translation>
    </message>
    <message>
        <source>Backup requested: supervisors and associates are alerted.</source>
        <translation>Renfort demandé&#xa0;: les superviseurs et les préposés sont alertés.</translation>
    </message>
    <message>
        <source>for %1</source>
        <translation>pour %1</translation>
    </message>
    <message>
        <source>%1 waiting, %2 serving</source>
        <translation>%1 en attente, %2 en service</translation>
    </message>
    <message numerus="yes">
        <source>%n associate(s) serving</source>
        <translation>
            <numerusform>%n préposé en service</numerusform>
            <numerusform>%n préposés en service</numerusform>
        </translation>
    </message>
    <message>
        <source>checked in</source>
        <translation>arrivé</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>attendu</translation>
    </message>
    <message>
        <source>Backup asked at %1: waiting for a supervisor.</source>
        <translation>Renfort demandé à %1&#xa0;: en attente d’un superviseur.</translation>
    </message>
    <message>
        <source>A supervisor acknowledged the backup request.</source>
        <translation>Un superviseur a pris en charge la demande de renfort.</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>Intake</source>
        <translation>Réception des demandes</translation>
    </message>
    <message>
        <source>Kind of intake</source>
        <translation>Type de demande</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>(aucune catégorie)</translation>
    </message>
    <message>
        <source>Owning department</source>
        <translation>Service municipal responsable</translation>
    </message>
    <message>
        <source>(choose, or from the category)</source>
        <translation>(choisir, ou selon la catégorie)</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Visitor&apos;s name</source>
        <translation>Nom du visiteur</translation>
    </message>
    <message>
        <source>Visitor&apos;s phone or e-mail</source>
        <translation>Téléphone ou courriel du visiteur</translation>
    </message>
    <message>
        <source>Documents left or shown, described</source>
        <translation>Description des documents laissés ou présentés</translation>
    </message>
    <message>
        <source>e.g. copy of the survey; 3 photos of the tree</source>
        <translation>p. ex. copie du levé; 3 photos de l’arbre</translation>
    </message>
    <message>
        <source>How and when to call back</source>
        <translation>Comment et quand rappeler</translation>
    </message>
    <message>
        <source>e.g. phone after 4 pm; e-mail only</source>
        <translation>p. ex. téléphoner après 16 h; courriel seulement</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Type&#xa0;:</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>Caté&amp;gorie&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Department:</source>
        <translation>&amp;Service municipal&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Subject *:</source>
        <translation>&amp;Objet *&#xa0;:</translation>
    </message>
    <message>
        <source>De&amp;tails:</source>
        <translation>Dé&amp;tails&#xa0;:</translation>
    </message>
    <message>
        <source>Visitor&apos;s &amp;name:</source>
        <translation>&amp;Nom du visiteur&#xa0;:</translation>
    </message>
    <message>
        <source>Phone or &amp;e-mail:</source>
        <translation>Téléphone ou &amp;courriel&#xa0;:</translation>
    </message>
    <message>
        <source>Doc&amp;uments:</source>
        <translation>Doc&amp;uments&#xa0;:</translation>
    </message>
    <message>
        <source>Call &amp;back:</source>
        <translation>&amp;Rappel&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Record and print (Ctrl+Enter)</source>
        <translation>&amp;Enregistrer et imprimer (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>Record and print the slip</source>
        <translation>Enregistrer et imprimer le bordereau</translation>
    </message>
    <message>
        <source>&amp;Look up a reference:</source>
        <translation>&amp;Chercher une référence&#xa0;:</translation>
    </message>
    <message>
        <source>Reference number to look up</source>
        <translation>Numéro de référence à chercher</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Recorded as %1; the slip is printing.</source>
        <translation>Enregistré sous %1; le bordereau s’imprime.</translation>
    </message>
</context>
<context>
    <name>KnowledgeDialog</name>
    <message>
        <source>Knowledge base</source>
        <translation>Base de connaissances</translation>
    </message>
    <message>
        <source>&amp;Search the articles:</source>
        <translation>&amp;Chercher dans les articles&#xa0;:</translation>
    </message>
    <message>
        <source>Search the knowledge base</source>
        <translation>Chercher dans la base de connaissances</translation>
    </message>
    <message>
        <source>A few words: dog licence, permis chien, garbage…</source>
        <translation>Quelques mots&#xa0;: permis de chien, dog licence, ordures…</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>Language of the articles</source>
        <translation>Langue des articles</translation>
    </message>
    <message>
        <source>English and French</source>
        <translation>Anglais et français</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Anglais</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Français</translation>
    </message>
    <message>
        <source>&amp;Results:</source>
        <translation>&amp;Résultats&#xa0;:</translation>
    </message>
    <message>
        <source>Matching articles</source>
        <translation>Articles correspondants</translation>
    </message>
    <message>
        <source>Head office&apos;s articles matching the question; the chosen one is shown beside</source>
        <translation>Articles de l’administration centrale correspondant à la question; celui choisi s’affiche à côté</translation>
    </message>
    <message>
        <source>The article</source>
        <translation>L’article</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>&amp;Answered: record it (Ctrl+Enter)</source>
        <translation>&amp;Répondu&#xa0;: l’enregistrer (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>The question is answered: record a resolved inquiry</source>
        <translation>La question a reçu une réponse&#xa0;: enregistrer une demande de renseignements résolue</translation>
    </message>
    <message>
        <source>&amp;Hand off to the department…</source>
        <translation>&amp;Transmettre au service municipal…</translation>
    </message>
    <message>
        <source>Not answered here: hand the request to the owning department</source>
        <translation>Sans réponse ici&#xa0;: transmettre la demande au service municipal responsable</translation>
    </message>
    <message>
        <source>&amp;Close (Esc)</source>
        <translation>&amp;Fermer (Échap)</translation>
    </message>
    <message>
        <source>Close the knowledge base</source>
        <translation>Fermer la base de connaissances</translation>
    </message>
    <message numerus="yes">
        <source>%n article(s) found.</source>
        <translation>
            <numerusform>%n article trouvé.</numerusform>
            <numerusform>%n articles trouvés.</numerusform>
        </translation>
    </message>
    <message>
        <source>No article matches. Try fewer or other words, or hand the question to the department.</source>
        <translation>Aucun article ne correspond. Essayez moins de mots ou d’autres mots, ou transmettez la question au service municipal.</translation>
    </message>
    <message>
        <source>Type a few words; the articles appear as you type.</source>
        <translation>Tapez quelques mots; les articles s’affichent au fur et à mesure.</translation>
    </message>
    <message>
        <source>Recorded: inquiry answered from “%1”, resolved at first contact.</source>
        <translation>Enregistré&#xa0;: demande de renseignements répondue à l’aide de «&#xa0;%1&#xa0;», résolue au premier contact.</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Welcome to counterapp</source>
        <translation>Bienvenue dans counterapp</translation>
    </message>
    <message>
        <source>This counter is not set up yet. Choose its language.</source>
        <translation>Ce comptoir n’est pas encore configuré. Choisissez sa langue.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>counterapp — sign in</source>
        <translation>counterapp — ouverture de session</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Ouvrir une session</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Message d’ouverture de session</translation>
    </message>
    <message>
        <source>Language of the window</source>
        <translation>Langue de la fenêtre</translation>
    </message>
    <message>
        <source>Remembered for you at this station; Counter menu, Language changes it later</source>
        <translation>Mémorisée pour vous à ce poste; le menu Comptoir, Langue permet de la changer plus tard</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Nom d’utilisateur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Ouvrir une session</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Sign in to this counter</source>
        <translation>Ouvrir une session à ce comptoir</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Entrez votre nom d’utilisateur et votre mot de passe.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>Wrong user name or password. Check both and try again.</source>
        <translation>Nom d’utilisateur ou mot de passe erroné. Vérifiez les deux et réessayez.</translation>
    </message>
    <message>
        <source>Could not sign in: %1</source>
        <translation>Impossible d’ouvrir une session&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>NoSaleDialog</name>
    <message>
        <source>Open the cash drawer</source>
        <translation>Ouvrir le tiroir-caisse</translation>
    </message>
    <message>
        <source>Open the cash drawer without a sale</source>
        <translation>Ouvrir le tiroir-caisse sans vente</translation>
    </message>
    <message>
        <source>Reason for opening the drawer</source>
        <translation>Motif de l’ouverture du tiroir</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif&#xa0;:</translation>
    </message>
    <message>
        <source>Supervisor user name</source>
        <translation>Nom d’utilisateur du superviseur</translation>
    </message>
    <message>
        <source>Supervisor password or PIN</source>
        <translation>Mot de passe ou NIP du superviseur</translation>
    </message>
    <message>
        <source>&amp;Supervisor:</source>
        <translation>&amp;Superviseur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Password or PIN:</source>
        <translation>&amp;Mot de passe ou NIP&#xa0;:</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>&amp;Open drawer</source>
        <translation>&amp;Ouvrir le tiroir</translation>
    </message>
    <message>
        <source>Open the drawer</source>
        <translation>Ouvrir le tiroir</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>The drawer opens on %1 and the opening is recorded as a no-sale.</source>
        <translation>Le tiroir s’ouvre sur %1 et l’ouverture est enregistrée comme ouverture sans vente.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>Cash drawer opening (no sale recorded).</source>
        <translation>Ouverture du tiroir-caisse (aucune vente enregistrée).</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open drawer</source>
        <translation>Ouvrir le tiroir</translation>
    </message>
    <message>
        <source>Open drawer: count the float</source>
        <translation>Ouvrir le tiroir&#xa0;: compter le fonds de caisse</translation>
    </message>
    <message>
        <source>Count the opening float in drawer %1 by denomination.</source>
        <translation>Comptez le fonds de caisse d’ouverture du tiroir %1 par coupure.</translation>
    </message>
    <message>
        <source>I &amp;counted this float myself</source>
        <translation>J’ai &amp;compté ce fonds de caisse moi-même</translation>
    </message>
    <message>
        <source>I counted this float myself</source>
        <translation>J’ai compté ce fonds de caisse moi-même</translation>
    </message>
    <message>
        <source>&amp;Open drawer</source>
        <translation>&amp;Ouvrir le tiroir</translation>
    </message>
    <message>
        <source>Confirm that you counted the float yourself.</source>
        <translation>Confirmez que vous avez compté le fonds de caisse vous-même.</translation>
    </message>
</context>
<context>
    <name>PaidOutDialog</name>
    <message>
        <source>Paid-out</source>
        <translation>Décaissement</translation>
    </message>
    <message>
        <source>Paid-out from the drawer</source>
        <translation>Décaissement du tiroir</translation>
    </message>
    <message>
        <source>Amount paid out</source>
        <translation>Montant décaissé</translation>
    </message>
    <message>
        <source>Dollars and cents taken out of the drawer, for example 12.50</source>
        <translation>Dollars et cents sortis du tiroir, par exemple 12.50</translation>
    </message>
    <message>
        <source>What the paid-out is for</source>
        <translation>Objet du décaissement</translation>
    </message>
    <message>
        <source>GL account to charge (optional)</source>
        <translation>Compte du grand livre à imputer (facultatif)</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;GL account (optional):</source>
        <translation>Compte du &amp;grand livre (facultatif)&#xa0;:</translation>
    </message>
    <message>
        <source>Record and &amp;print slip</source>
        <translation>Enregistrer et im&amp;primer le bordereau</translation>
    </message>
    <message>
        <source>Record the paid-out</source>
        <translation>Enregistrer le décaissement</translation>
    </message>
</context>
<context>
    <name>PickupDialog</name>
    <message>
        <source>Cash pickup</source>
        <translation>Prélèvement d’espèces</translation>
    </message>
    <message>
        <source>Cash pickup to the safe</source>
        <translation>Prélèvement d’espèces vers le coffre</translation>
    </message>
    <message>
        <source>Cash in the drawer: %1 (pickup limit %2).</source>
        <translation>Espèces dans le tiroir&#xa0;: %1 (limite de prélèvement&#xa0;: %2).</translation>
    </message>
    <message>
        <source>Count what goes to the safe:</source>
        <translation>Comptez ce qui va au coffre&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Record and print slip</source>
        <translation>&amp;Enregistrer et imprimer le bordereau</translation>
    </message>
    <message>
        <source>Record the pickup</source>
        <translation>Enregistrer le prélèvement</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Acknowled&amp;ge backup</source>
        <translation>Prendre en char&amp;ge le renfort</translation>
    </message>
    <message>
        <source>Acknowledge the backup request; it clears on every screen</source>
        <translation>Prendre en charge la demande de renfort; elle disparaît de tous les écrans</translation>
    </message>
    <message>
        <source>Call next (F11)</source>
        <translation>Suivant (F11)</translation>
    </message>
    <message>
        <source>Call the next visitor</source>
        <translation>Appeler le visiteur suivant</translation>
    </message>
    <message>
        <source>Recall (F12)</source>
        <translation>Rappeler (F12)</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>Rappeler</translation>
    </message>
    <message>
        <source>No-s&amp;how</source>
        <translation>A&amp;bsent</translation>
    </message>
    <message>
        <source>Mark as no-show</source>
        <translation>Marquer comme absent</translation>
    </message>
    <message>
        <source>&amp;Park</source>
        <translation>&amp;Suspendre</translation>
    </message>
    <message>
        <source>Park the visitor</source>
        <translation>Mettre le visiteur en suspens</translation>
    </message>
    <message>
        <source>Done, &amp;no sale</source>
        <translation>&amp;Fin sans vente</translation>
    </message>
    <message>
        <source>Close the ticket without a sale</source>
        <translation>Fermer le billet sans vente</translation>
    </message>
    <message>
        <source>Tran&amp;sfer</source>
        <translation>Tran&amp;sférer</translation>
    </message>
    <message>
        <source>Transfer the visitor</source>
        <translation>Transférer le visiteur</translation>
    </message>
    <message>
        <source>Call se&amp;lected</source>
        <translation>Appeler la sé&amp;lection</translation>
    </message>
    <message>
        <source>Call the selected ticket</source>
        <translation>Appeler le billet choisi</translation>
    </message>
    <message>
        <source>Res&amp;ume parked</source>
        <translation>Rep&amp;rendre</translation>
    </message>
    <message>
        <source>Resume the selected parked visitor</source>
        <translation>Reprendre le visiteur en suspens choisi</translation>
    </message>
    <message>
        <source>Send &amp;back to the lobby</source>
        <translation>Renvoyer en s&amp;alle</translation>
    </message>
    <message>
        <source>Send the selected desk&apos;s visitor back to the lobby</source>
        <translation>Renvoyer à la salle d’attente le visiteur du guichet choisi</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegistrationsDialog</name>
    <message>
        <source>Registrations</source>
        <translation>Inscriptions</translation>
    </message>
    <message>
        <source>Participant&apos;s &amp;name or receipt number:</source>
        <translation>&amp;Nom du participant ou numéro du reçu&#xa0;:</translation>
    </message>
    <message>
        <source>Participant&apos;s name or receipt number</source>
        <translation>Nom du participant ou numéro du reçu</translation>
    </message>
    <message>
        <source>Registrations found</source>
        <translation>Inscriptions trouvées</translation>
    </message>
    <message>
        <source>Registrations matching the name or receipt number, with their program and status</source>
        <translation>Inscriptions correspondant au nom ou au numéro de reçu, avec leur programme et leur état</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Supervisor&apos;s user name</source>
        <translation>Nom d’utilisateur du superviseur</translation>
    </message>
    <message>
        <source>Supervisor&apos;s password or PIN</source>
        <translation>Mot de passe ou NIP du superviseur</translation>
    </message>
    <message>
        <source>Refund in &amp;cash</source>
        <translation>Rembourser en &amp;espèces</translation>
    </message>
    <message>
        <source>Refund in cash</source>
        <translation>Rembourser en espèces</translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation>M&amp;otif&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Supervisor (when money goes back):</source>
        <translation>&amp;Superviseur (en cas de remboursement)&#xa0;:</translation>
    </message>
    <message>
        <source>Supervisor&apos;s &amp;password or PIN:</source>
        <translation>Mot de &amp;passe ou NIP du superviseur&#xa0;:</translation>
    </message>
    <message>
        <source>Seats &amp;offered to the waitlist:</source>
        <translation>Places offer&amp;tes à la liste d’attente&#xa0;:</translation>
    </message>
    <message>
        <source>Seats offered to the waitlist</source>
        <translation>Places offertes à la liste d’attente</translation>
    </message>
    <message>
        <source>Freed seats offered to the waitlist: who, the program, until when</source>
        <translation>Places libérées offertes à la liste d’attente&#xa0;: à qui, le programme, jusqu’à quand</translation>
    </message>
    <message>
        <source>&amp;Take the offer into the visit</source>
        <translation>&amp;Ajouter l’offre à la visite</translation>
    </message>
    <message>
        <source>Take the chosen offer into the visit</source>
        <translation>Ajouter l’offre choisie à la visite</translation>
    </message>
    <message>
        <source>&amp;Decline the offer</source>
        <translation>&amp;Refuser l’offre</translation>
    </message>
    <message>
        <source>Decline the chosen offer</source>
        <translation>Refuser l’offre choisie</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Cancel the &amp;registration</source>
        <translation>Annuler l’&amp;inscription</translation>
    </message>
    <message>
        <source>Cancel the chosen registration</source>
        <translation>Annuler l’inscription choisie</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>%1 · %2
holds the seat until %3</source>
        <translation>%1 · %2
place réservée jusqu’au %3</translation>
    </message>
    <message>
        <source>Choose an offer first.</source>
        <translation>Choisissez d’abord une offre.</translation>
    </message>
    <message>
        <source>Declined; the seat is now offered to %1.</source>
        <translation>Offre refusée; la place est maintenant offerte à %1.</translation>
    </message>
    <message>
        <source>Declined; nobody else is waiting for a seat.</source>
        <translation>Offre refusée; personne d’autre n’attend de place.</translation>
    </message>
    <message>
        <source>No registration matches.</source>
        <translation>Aucune inscription ne correspond.</translation>
    </message>
    <message>
        <source>Cancelled; %1 goes back.</source>
        <translation>Annulée; %1 est remboursé.</translation>
    </message>
    <message>
        <source>The seat is offered to %1.</source>
        <translation>La place est offerte à %1.</translation>
    </message>
</context>
<context>
    <name>ReprintDialog</name>
    <message>
        <source>Reprint Z report or deposit slip</source>
        <translation>Réimprimer le rapport Z ou le bordereau de dépôt</translation>
    </message>
    <message>
        <source>&amp;Closed shifts, newest first:</source>
        <translation>&amp;Quarts fermés, du plus récent au plus ancien&#xa0;:</translation>
    </message>
    <message>
        <source>Closed shifts</source>
        <translation>Quarts fermés</translation>
    </message>
    <message>
        <source>Each closed shift: when it closed, the drawer, who worked it and its over or short</source>
        <translation>Chaque quart fermé&#xa0;: sa fermeture, le tiroir, qui l’a travaillé et son excédent ou manque</translation>
    </message>
    <message>
        <source>&amp;Print Z report</source>
        <translation>&amp;Imprimer le rapport Z</translation>
    </message>
    <message>
        <source>Print the Z report on the receipt printer</source>
        <translation>Imprimer le rapport Z sur l’imprimante de reçus</translation>
    </message>
    <message>
        <source>&amp;Save PDFs (Z and deposit)</source>
        <translation>&amp;Enregistrer les PDF (Z et dépôt)</translation>
    </message>
    <message>
        <source>Save the Z report and deposit slip as PDF</source>
        <translation>Enregistrer le rapport Z et le bordereau de dépôt en PDF</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Choose a shift first.</source>
        <translation>Choisissez d’abord un quart.</translation>
    </message>
    <message>
        <source>Sent to the receipt printer (marked COPY).</source>
        <translation>Envoyé à l’imprimante de reçus (avec la mention COPIE).</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Enregistré&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>ServiceError</name>
    <message>
        <source>Something went wrong; nothing was saved. Details: {0}</source>
        <translation>Un problème est survenu; rien n’a été enregistré. Détails&#xa0;: {0}</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>Entrez un montant.</translation>
    </message>
    <message>
        <source>An amount cannot be negative.</source>
        <translation>Un montant ne peut pas être négatif.</translation>
    </message>
    <message>
        <source>That amount is more than the counter accepts; type it again.</source>
        <translation>Ce montant dépasse ce que le comptoir accepte; tapez-le de nouveau.</translation>
    </message>
    <message>
        <source>&apos;{typed}&apos; is not an amount. Type digits, for example 20 or 20.50.</source>
        <translation>«&#xa0;{typed}&#xa0;» n’est pas un montant. Tapez des chiffres, par exemple 20 ou 20,50.</translation>
    </message>
    <message>
        <source>An amount has at most two decimals (cents).</source>
        <translation>Un montant a au plus deux décimales (les cents).</translation>
    </message>
    <message>
        <source>{amount_cents} is more than the counter accepts in one amount.</source>
        <translation>{amount_cents} dépasse ce que le comptoir accepte en un seul montant.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Le montant doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>&apos;{code}&apos; is not a Canadian note or coin.</source>
        <translation>«&#xa0;{code}&#xa0;» n’est pas un billet ni une pièce de monnaie canadienne.</translation>
    </message>
    <message>
        <source>&apos;{kind}&apos; is not a tender counted here.</source>
        <translation>«&#xa0;{kind}&#xa0;» n’est pas un mode de paiement compté ici.</translation>
    </message>
    <message>
        <source>&apos;{tender}&apos; is not a tender kind.</source>
        <translation>«&#xa0;{tender}&#xa0;» n’est pas un mode de paiement.</translation>
    </message>
    <message>
        <source>A cheque number has at most 40 characters.</source>
        <translation>Un numéro de chèque compte au plus 40 caractères.</translation>
    </message>
    <message>
        <source>A correction must be a non-zero amount the counter accepts.</source>
        <translation>Une correction doit être un montant non nul que le comptoir accepte.</translation>
    </message>
    <message>
        <source>A correction needs a reason.</source>
        <translation>Une correction exige un motif.</translation>
    </message>
    <message>
        <source>A device job needs a document or bytes to send.</source>
        <translation>Une tâche d’appareil exige un document ou des octets à envoyer.</translation>
    </message>
    <message>
        <source>A device job needs at least one attempt.</source>
        <translation>Une tâche d’appareil exige au moins un essai.</translation>
    </message>
    <message>
        <source>A display frame is not repeated; the display shows the next one.</source>
        <translation>Un affichage n’est pas répété; l’afficheur montre le suivant.</translation>
    </message>
    <message>
        <source>A fee cannot be negative.</source>
        <translation>Un droit ne peut pas être négatif.</translation>
    </message>
    <message>
        <source>A paid-out of {amount_cents} needs a supervisor&apos;s approval.</source>
        <translation>Un décaissement de {amount_cents} exige l’approbation d’un superviseur.</translation>
    </message>
    <message>
        <source>A refund must be more than zero.</source>
        <translation>Un remboursement doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>A supervisor cannot approve their own {what}; ask another supervisor.</source>
        <translation>Un superviseur ne peut pas approuver sa propre opération ({what}); demandez à un autre superviseur.</translation>
    </message>
    <message>
        <source>A visit ends resolved or handed off to a department.</source>
        <translation>Une visite se termine réglée ou transmise à un service.</translation>
    </message>
    <message>
        <source>A {account_kind} number has digits only.</source>
        <translation>Un numéro ({account_kind}) ne contient que des chiffres.</translation>
    </message>
    <message>
        <source>A {account_kind} number has {digits} digits; this one has {length}.</source>
        <translation>Un numéro ({account_kind}) compte {digits} chiffres; celui-ci en compte {length}.</translation>
    </message>
    <message>
        <source>A {role} may not {what}.</source>
        <translation>Le rôle {role} ne permet pas de {what}.</translation>
    </message>
    <message>
        <source>A {tender} tender cannot be more than what is due ({remaining_cents}); change is given only in cash.</source>
        <translation>Un paiement ({tender}) ne peut pas dépasser le montant dû ({remaining_cents}); la monnaie est rendue en espèces seulement.</translation>
    </message>
    <message>
        <source>A {what} needs a supervisor&apos;s approval; that sign-in is not one.</source>
        <translation>Cette opération ({what}) exige l’approbation d’un superviseur; cette connexion n’est pas celle d’un superviseur.</translation>
    </message>
    <message>
        <source>An appointment needs a time with its time zone.</source>
        <translation>Un rendez-vous exige une heure avec son fuseau horaire.</translation>
    </message>
    <message>
        <source>Appointments are booked between {opens} and {closes}.</source>
        <translation>Les rendez-vous se prennent entre {opens} et {closes}.</translation>
    </message>
    <message>
        <source>Cash is counted in multiples of 5 cents.</source>
        <translation>Les espèces se comptent par multiples de 5 cents.</translation>
    </message>
    <message>
        <source>Cash is paid out in multiples of 5 cents (no pennies).</source>
        <translation>Les espèces se décaissent par multiples de 5 cents (pas de cents noirs).</translation>
    </message>
    <message>
        <source>Choose a reason for opening the drawer: {reasons}.</source>
        <translation>Choisissez un motif d’ouverture du tiroir-caisse&#xa0;: {reasons}.</translation>
    </message>
    <message>
        <source>Choose the department that owns it (or a category that says which): a request is never routed by default.</source>
        <translation>Choisissez le service responsable (ou une catégorie qui l’indique)&#xa0;: une demande n’est jamais acheminée par défaut.</translation>
    </message>
    <message>
        <source>Choose the lines to refund.</source>
        <translation>Choisissez les lignes à rembourser.</translation>
    </message>
    <message>
        <source>Count the cash you are taking to the safe.</source>
        <translation>Comptez les espèces que vous portez au coffre.</translation>
    </message>
    <message>
        <source>Count the opening float: the drawer cannot open empty.</source>
        <translation>Comptez le fonds de caisse d’ouverture&#xa0;: le tiroir-caisse ne peut pas ouvrir vide.</translation>
    </message>
    <message>
        <source>Drawer {drawer} is still in another associate&apos;s shift; it must be counted and signed off first.</source>
        <translation>Le tiroir-caisse {drawer} fait encore partie du quart de travail d’un autre préposé; il doit d’abord être compté et approuvé.</translation>
    </message>
    <message>
        <source>Each cheque&apos;s amount must be more than zero.</source>
        <translation>Le montant de chaque chèque doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>Each line can be refunded once per refund.</source>
        <translation>Chaque ligne peut être remboursée une fois par remboursement.</translation>
    </message>
    <message>
        <source>Each tender must be more than zero.</source>
        <translation>Chaque paiement doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>Enter or scan the receipt number.</source>
        <translation>Entrez ou balayez le numéro du reçu.</translation>
    </message>
    <message>
        <source>Enter the reference number.</source>
        <translation>Entrez le numéro de référence.</translation>
    </message>
    <message>
        <source>Enter the {account_kind} number.</source>
        <translation>Entrez le numéro ({account_kind}).</translation>
    </message>
    <message>
        <source>Finish, park or transfer {label} before calling another visitor.</source>
        <translation>Terminez, mettez en attente ou transférez {label} avant d’appeler une autre personne.</translation>
    </message>
    <message>
        <source>In cash the amount due is {due_cents} (rounded to 5 cents).</source>
        <translation>En espèces, le montant dû est de {due_cents} (arrondi à 5 cents).</translation>
    </message>
    <message>
        <source>Keep the reason under 200 characters.</source>
        <translation>Le motif doit compter moins de 200 caractères.</translation>
    </message>
    <message>
        <source>Keep the reason under {limit} characters.</source>
        <translation>Le motif doit compter moins de {limit} caractères.</translation>
    </message>
    <message>
        <source>Line {line} ({description}) is fully refunded.</source>
        <translation>La ligne {line} ({description}) est entièrement remboursée.</translation>
    </message>
    <message>
        <source>Line {line} ({description}): {exc}</source>
        <translation>Ligne {line} ({description})&#xa0;: {exc}</translation>
    </message>
    <message>
        <source>No device called &apos;{device}&apos; is set up at this station</source>
        <translation>Aucun appareil nommé «&#xa0;{device}&#xa0;» n’est configuré à ce poste</translation>
    </message>
    <message>
        <source>No device called &apos;{device}&apos; is set up at this station.</source>
        <translation>Aucun appareil nommé «&#xa0;{device}&#xa0;» n’est configuré à ce poste.</translation>
    </message>
    <message>
        <source>No device chosen for this job.</source>
        <translation>Aucun appareil choisi pour cette tâche.</translation>
    </message>
    <message>
        <source>No one is waiting for the categories you serve ({what}).</source>
        <translation>Personne n’attend pour les catégories que vous servez ({what}).</translation>
    </message>
    <message>
        <source>No receipt {number} at this station.</source>
        <translation>Aucun reçu {number} à ce poste.</translation>
    </message>
    <message>
        <source>No receipt {receipt} at this station.</source>
        <translation>Aucun reçu {receipt} à ce poste.</translation>
    </message>
    <message>
        <source>No reference {number} at this station. Requests taken elsewhere show here once head office sends them.</source>
        <translation>Aucune référence {number} à ce poste. Les demandes reçues ailleurs s’affichent ici une fois envoyées par le bureau central.</translation>
    </message>
    <message>
        <source>No such shift at this station.</source>
        <translation>Ce quart de travail n’existe pas à ce poste.</translation>
    </message>
    <message>
        <source>No {account_kind} {number} at this station. It may be newer than the last update from head office.</source>
        <translation>Aucun compte {account_kind} {number} à ce poste. Il est peut-être plus récent que la dernière mise à jour du bureau central.</translation>
    </message>
    <message>
        <source>No {stock} left at this station: ask head office for a new block.</source>
        <translation>Il ne reste plus de {stock} à ce poste&#xa0;: demandez un nouveau bloc au bureau central.</translation>
    </message>
    <message>
        <source>Nothing is owing on {account}.</source>
        <translation>Rien n’est dû sur {account}.</translation>
    </message>
    <message>
        <source>Only a booked appointment can be {what} (this one is {status}).</source>
        <translation>Seul un rendez-vous réservé peut être {what} (celui-ci est {status}).</translation>
    </message>
    <message>
        <source>Only a closed shift is corrected with an adjustment; an open shift is simply counted at close.</source>
        <translation>Seul un quart de travail fermé se corrige par un rajustement; un quart ouvert est simplement compté à la fermeture.</translation>
    </message>
    <message>
        <source>Only a failed or unconfirmed job can be sent again (this one is {state}).</source>
        <translation>Seule une tâche échouée ou non confirmée peut être renvoyée (celle-ci est {state}).</translation>
    </message>
    <message>
        <source>Only today&apos;s sales can be voided; receipt {receipt} is from {day}. Refund it instead.</source>
        <translation>Seules les ventes du jour peuvent être annulées; le reçu {receipt} date du {day}. Remboursez-le plutôt.</translation>
    </message>
    <message>
        <source>Only {left_cents} of that line is left to refund; {refund_cents} is more than was paid.</source>
        <translation>Il ne reste que {left_cents} à rembourser sur cette ligne; {refund_cents} dépasse ce qui a été payé.</translation>
    </message>
    <message>
        <source>Opening the drawer without a sale needs a supervisor&apos;s approval.</source>
        <translation>Ouvrir le tiroir-caisse sans vente exige l’approbation d’un superviseur.</translation>
    </message>
    <message>
        <source>Pennies are no longer legal tender in a count; leave them out.</source>
        <translation>Les cents noirs n’ont plus cours légal dans un dénombrement; laissez-les de côté.</translation>
    </message>
    <message>
        <source>Quantity must be between 1 and {most}.</source>
        <translation>La quantité doit être comprise entre 1 et {most}.</translation>
    </message>
    <message>
        <source>Receipt {number} is itself a {kind}; find the original sale.</source>
        <translation>Le reçu {number} est lui-même un document de type {kind}; trouvez la vente d’origine.</translation>
    </message>
    <message>
        <source>Receipt {receipt} has a refund already; refund what is left instead of voiding it.</source>
        <translation>Le reçu {receipt} a déjà un remboursement; remboursez le reste au lieu de l’annuler.</translation>
    </message>
    <message>
        <source>Receipt {receipt} has no line {line}.</source>
        <translation>Le reçu {receipt} n’a pas de ligne {line}.</translation>
    </message>
    <message>
        <source>Receipt {receipt} was already voided (receipt {void_receipt}).</source>
        <translation>Le reçu {receipt} a déjà été annulé (reçu {void_receipt}).</translation>
    </message>
    <message>
        <source>Receipt {receipt} was taken in a drawer that is already counted or closed: refund it instead of voiding it.</source>
        <translation>Le reçu {receipt} a été encaissé dans un tiroir-caisse déjà compté ou fermé&#xa0;: remboursez-le au lieu de l’annuler.</translation>
    </message>
    <message>
        <source>Receipt {receipt} was voided (receipt {void_receipt}); there is nothing to refund.</source>
        <translation>Le reçu {receipt} a été annulé (reçu {void_receipt}); il n’y a rien à rembourser.</translation>
    </message>
    <message>
        <source>Receipt {receipt}: {total_cents}, {state}.</source>
        <translation>Reçu {receipt}&#xa0;: {total_cents}, {state}.</translation>
    </message>
    <message>
        <source>Say what it is about (the subject).</source>
        <translation>Indiquez de quoi il s’agit (l’objet).</translation>
    </message>
    <message>
        <source>Say what the paid-out is for.</source>
        <translation>Indiquez l’objet du décaissement.</translation>
    </message>
    <message>
        <source>Say why the form is spoiled.</source>
        <translation>Indiquez pourquoi le formulaire est gâché.</translation>
    </message>
    <message>
        <source>Say why: a cancellation needs a reason.</source>
        <translation>Indiquez pourquoi&#xa0;: une annulation exige un motif.</translation>
    </message>
    <message>
        <source>Say why: a {what} needs a reason.</source>
        <translation>Indiquez pourquoi&#xa0;: cette opération ({what}) exige un motif.</translation>
    </message>
    <message>
        <source>That account is no longer on file at this station.</source>
        <translation>Ce compte n’est plus au dossier à ce poste.</translation>
    </message>
    <message>
        <source>That appointment is not booked at this site.</source>
        <translation>Ce rendez-vous n’est pas réservé à ce bureau.</translation>
    </message>
    <message>
        <source>That article is no longer in the knowledge base.</source>
        <translation>Cet article n’est plus dans la base de connaissances.</translation>
    </message>
    <message>
        <source>That float is more than the counter accepts; count again.</source>
        <translation>Ce fonds de caisse dépasse ce que le comptoir accepte; comptez de nouveau.</translation>
    </message>
    <message>
        <source>That job is no longer in the queue.</source>
        <translation>Cette tâche n’est plus dans la file d’impression.</translation>
    </message>
    <message>
        <source>That offer is no longer open.</source>
        <translation>Cette offre n’est plus ouverte.</translation>
    </message>
    <message>
        <source>That registration is not at this station.</source>
        <translation>Cette inscription n’est pas à ce poste.</translation>
    </message>
    <message>
        <source>That shift is not closed; it has no Z report yet.</source>
        <translation>Ce quart de travail n’est pas fermé; il n’a pas encore de rapport Z.</translation>
    </message>
    <message>
        <source>That ticket is not in this site&apos;s queue.</source>
        <translation>Ce billet n’est pas dans la file d’attente de ce bureau.</translation>
    </message>
    <message>
        <source>That ticket was just called by someone else. Call again.</source>
        <translation>Ce billet vient d’être appelé par quelqu’un d’autre. Appelez de nouveau.</translation>
    </message>
    <message>
        <source>That time has passed: choose a time to come.</source>
        <translation>Cette heure est passée&#xa0;: choisissez une heure à venir.</translation>
    </message>
    <message>
        <source>The drawer has not been counted yet: the blind count comes first.</source>
        <translation>Le tiroir-caisse n’a pas encore été compté&#xa0;: le dénombrement à l’aveugle vient en premier.</translation>
    </message>
    <message>
        <source>The drawer is {over_short}: more than {threshold_cents} needs a reason.</source>
        <translation>Le tiroir-caisse est {over_short}&#xa0;: au-delà de {threshold_cents}, il faut un motif.</translation>
    </message>
    <message>
        <source>The drawer should hold only {in_drawer_cents} in cash; {amount_cents} cannot come out of it.</source>
        <translation>Le tiroir-caisse ne devrait contenir que {in_drawer_cents} en espèces; on ne peut pas en retirer {amount_cents}.</translation>
    </message>
    <message>
        <source>The form has no field &apos;{field}&apos;.</source>
        <translation>Le formulaire n’a pas de champ «&#xa0;{field}&#xa0;».</translation>
    </message>
    <message>
        <source>The name is too long (at most {limit} characters).</source>
        <translation>Le nom est trop long (au plus {limit} caractères).</translation>
    </message>
    <message>
        <source>The note has control characters: type it again.</source>
        <translation>La note contient des caractères de contrôle&#xa0;: tapez-la de nouveau.</translation>
    </message>
    <message>
        <source>The note is too long (at most {limit} characters).</source>
        <translation>La note est trop longue (au plus {limit} caractères).</translation>
    </message>
    <message>
        <source>The paid-out must be more than zero.</source>
        <translation>Le décaissement doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>The payment on {account} cannot be more than the {owing_cents} owing.</source>
        <translation>Le paiement sur {account} ne peut pas dépasser le solde dû de {owing_cents}.</translation>
    </message>
    <message>
        <source>The service &apos;{service}&apos; is not in the catalogue.</source>
        <translation>Le service «&#xa0;{service}&#xa0;» n’est pas au catalogue.</translation>
    </message>
    <message>
        <source>The site&apos;s queue cannot be reached ({problem}); it retries by itself.</source>
        <translation>La file d’attente du bureau est injoignable ({problem}); elle réessaie d’elle-même.</translation>
    </message>
    <message>
        <source>The site&apos;s queue is unavailable (server answered {status}).</source>
        <translation>La file d’attente du bureau n’est pas disponible (le serveur a répondu {status}).</translation>
    </message>
    <message>
        <source>The site&apos;s queue refused the call: {message}</source>
        <translation>La file d’attente du bureau a refusé l’appel&#xa0;: {message}</translation>
    </message>
    <message>
        <source>The site&apos;s queue was not called: {exc}</source>
        <translation>La file d’attente du bureau n’a pas été appelée&#xa0;: {exc}</translation>
    </message>
    <message>
        <source>The slot is not over yet: a no-show can be recorded from {when}.</source>
        <translation>La plage horaire n’est pas terminée&#xa0;: une absence peut être inscrite à partir de {when}.</translation>
    </message>
    <message>
        <source>The supervisor&apos;s user name, password or PIN is not right. Nothing was changed.</source>
        <translation>Le nom d’utilisateur, le mot de passe ou le NIP du superviseur est erroné. Rien n’a été modifié.</translation>
    </message>
    <message>
        <source>The tender is short: {due_cents} is still due.</source>
        <translation>Le paiement est insuffisant&#xa0;: il reste {due_cents} à payer.</translation>
    </message>
    <message>
        <source>The total is already paid; remove the extra tender.</source>
        <translation>Le total est déjà payé; retirez le paiement en trop.</translation>
    </message>
    <message>
        <source>The visit is empty: add a service first.</source>
        <translation>La visite est vide&#xa0;: ajoutez d’abord un service.</translation>
    </message>
    <message>
        <source>The visitor&apos;s language must be one of {allowed}, not &apos;{language}&apos;.</source>
        <translation>La langue du visiteur doit être l’une de celles-ci&#xa0;: {allowed}, et non «&#xa0;{language}&#xa0;».</translation>
    </message>
    <message>
        <source>The {tender} total cannot be negative.</source>
        <translation>Le total ({tender}) ne peut pas être négatif.</translation>
    </message>
    <message>
        <source>The {tender} total is more than the counter accepts.</source>
        <translation>Le total ({tender}) dépasse ce que le comptoir accepte.</translation>
    </message>
    <message>
        <source>The {tender} total must be in cents.</source>
        <translation>Le total ({tender}) doit être en cents.</translation>
    </message>
    <message>
        <source>The {what} cannot be negative.</source>
        <translation>Le champ «&#xa0;{what}&#xa0;» ne peut pas être négatif.</translation>
    </message>
    <message>
        <source>The {what} must be a whole number of pieces, not &apos;{raw}&apos;.</source>
        <translation>Le champ «&#xa0;{what}&#xa0;» doit être un nombre entier de pièces, pas «&#xa0;{raw}&#xa0;».</translation>
    </message>
    <message>
        <source>The {what} must be a whole number of pieces, not {raw}.</source>
        <translation>Le champ «&#xa0;{what}&#xa0;» doit être un nombre entier de pièces, pas {raw}.</translation>
    </message>
    <message>
        <source>The {what} must be a whole number.</source>
        <translation>Le champ «&#xa0;{what}&#xa0;» doit être un nombre entier.</translation>
    </message>
    <message>
        <source>The {when} slot is full ({taken} of {capacity} booked): choose another time.</source>
        <translation>La plage de {when} est complète ({taken} réservations sur {capacity})&#xa0;: choisissez une autre heure.</translation>
    </message>
    <message>
        <source>There is no department called &apos;{department}&apos; to route it to.</source>
        <translation>Il n’y a aucun service nommé «&#xa0;{department}&#xa0;» vers lequel l’acheminer.</translation>
    </message>
    <message>
        <source>There is no intake category called &apos;{category}&apos;.</source>
        <translation>Il n’y a aucune catégorie de demande nommée «&#xa0;{category}&#xa0;».</translation>
    </message>
    <message>
        <source>There is no service category &apos;{category}&apos; at this site (the categories are {letters}).</source>
        <translation>Il n’y a pas de catégorie de service «&#xa0;{category}&#xa0;» à ce bureau (les catégories sont {letters}).</translation>
    </message>
    <message>
        <source>There is no service category &apos;{category}&apos; at this site.</source>
        <translation>Il n’y a pas de catégorie de service «&#xa0;{category}&#xa0;» à ce bureau.</translation>
    </message>
    <message>
        <source>There is nothing to pay in this visit; remove the tender.</source>
        <translation>Il n’y a rien à payer dans cette visite; retirez le paiement.</translation>
    </message>
    <message>
        <source>There is nothing to pay.</source>
        <translation>Il n’y a rien à payer.</translation>
    </message>
    <message>
        <source>This appointment is already checked in.</source>
        <translation>L’arrivée de ce rendez-vous est déjà enregistrée.</translation>
    </message>
    <message>
        <source>This drawer has not been counted yet.</source>
        <translation>Ce tiroir-caisse n’a pas encore été compté.</translation>
    </message>
    <message>
        <source>This drawer is already counted; a count cannot be entered twice. A supervisor signs it off, then corrects it with an adjustment if needed.</source>
        <translation>Ce tiroir-caisse est déjà compté; un dénombrement ne peut pas être saisi deux fois. Un superviseur l’approuve, puis le corrige par un rajustement au besoin.</translation>
    </message>
    <message>
        <source>This shift is already closed; a closed shift cannot be closed again.</source>
        <translation>Ce quart de travail est déjà fermé; un quart fermé ne peut pas être fermé de nouveau.</translation>
    </message>
    <message>
        <source>This station has no identity yet; load its reference data first.</source>
        <translation>Ce poste n’a pas encore d’identité; chargez d’abord ses données de référence.</translation>
    </message>
    <message>
        <source>Ticket {label} is not being served at your counter ({status}).</source>
        <translation>Le billet {label} n’est pas servi à votre comptoir ({status}).</translation>
    </message>
    <message>
        <source>Ticket {label} is not parked ({status}).</source>
        <translation>Le billet {label} n’est pas en attente de reprise ({status}).</translation>
    </message>
    <message>
        <source>Ticket {label} is not waiting: {status}.</source>
        <translation>Le billet {label} n’est pas en attente&#xa0;: {status}.</translation>
    </message>
    <message>
        <source>Ticket {label} was transferred to another staff member.</source>
        <translation>Le billet {label} a été transféré à un autre membre du personnel.</translation>
    </message>
    <message>
        <source>Transfer to a category or to a named expert (one of the two).</source>
        <translation>Transférez à une catégorie ou à un expert nommé (l’un ou l’autre).</translation>
    </message>
    <message>
        <source>Unknown channel: {channel}.</source>
        <translation>Canal inconnu&#xa0;: {channel}.</translation>
    </message>
    <message>
        <source>Unknown kind of account: {kind}.</source>
        <translation>Type de compte inconnu&#xa0;: {kind}.</translation>
    </message>
    <message>
        <source>Unknown kind of intake: {kind}.</source>
        <translation>Type de demande inconnu&#xa0;: {kind}.</translation>
    </message>
    <message>
        <source>Unknown language: {language}</source>
        <translation>Langue inconnue&#xa0;: {language}</translation>
    </message>
    <message>
        <source>Unknown language: {language}.</source>
        <translation>Langue inconnue&#xa0;: {language}.</translation>
    </message>
    <message>
        <source>Unknown text size: {size}</source>
        <translation>Taille de texte inconnue&#xa0;: {size}</translation>
    </message>
    <message>
        <source>Unknown theme: {theme}</source>
        <translation>Affichage inconnu&#xa0;: {theme}</translation>
    </message>
    <message>
        <source>Wrong user name or password. Check both and try again.</source>
        <translation>Nom d’utilisateur ou mot de passe erroné. Vérifiez les deux et réessayez.</translation>
    </message>
    <message>
        <source>You already have drawer {drawer} open at this station; close it before opening another.</source>
        <translation>Le tiroir-caisse {drawer} est déjà ouvert à votre nom à ce poste; fermez-le avant d’en ouvrir un autre.</translation>
    </message>
    <message>
        <source>You have no open drawer at this station to close.</source>
        <translation>Vous n’avez aucun tiroir-caisse ouvert à fermer à ce poste.</translation>
    </message>
    <message>
        <source>You have no open drawer at this station: open a shift (Drawer menu, Ctrl+Shift+O) before taking any payment.</source>
        <translation>Vous n’avez aucun tiroir-caisse ouvert à ce poste&#xa0;: ouvrez un quart de travail (menu Tiroir, Ctrl+Maj+O) avant d’accepter un paiement.</translation>
    </message>
    <message>
        <source>You have no open drawer at this station; open a shift first.</source>
        <translation>Vous n’avez aucun tiroir-caisse ouvert à ce poste; ouvrez d’abord un quart de travail.</translation>
    </message>
    <message>
        <source>Your drawer is already counted; a closed or counted shift is locked.</source>
        <translation>Votre tiroir-caisse est déjà compté; un quart de travail fermé ou compté est verrouillé.</translation>
    </message>
    <message>
        <source>Your drawer is counted and waiting for sign-off; it takes no more money. Have a supervisor sign it off, then open a new shift.</source>
        <translation>Votre tiroir-caisse est compté et attend l’approbation; il n’accepte plus d’argent. Faites-le approuver par un superviseur, puis ouvrez un nouveau quart de travail.</translation>
    </message>
    <message>
        <source>already called to another counter</source>
        <translation>déjà appelé à un autre comptoir</translation>
    </message>
    <message>
        <source>already called to {counter}</source>
        <translation>déjà appelé au comptoir {counter}</translation>
    </message>
    <message>
        <source>already served and closed</source>
        <translation>déjà servi et fermé</translation>
    </message>
    <message>
        <source>amount from the account</source>
        <translation>montant selon le compte</translation>
    </message>
    <message>
        <source>balanced</source>
        <translation>équilibré</translation>
    </message>
    <message>
        <source>book appointments</source>
        <translation>prendre des rendez-vous</translation>
    </message>
    <message>
        <source>call visitors</source>
        <translation>appeler des personnes</translation>
    </message>
    <message>
        <source>cash pickup</source>
        <translation>prélèvement d’espèces</translation>
    </message>
    <message>
        <source>change appointments</source>
        <translation>modifier des rendez-vous</translation>
    </message>
    <message>
        <source>issue tickets</source>
        <translation>émettre des billets</translation>
    </message>
    <message>
        <source>marked as a no-show</source>
        <translation>inscrit comme absent</translation>
    </message>
    <message>
        <source>no charge</source>
        <translation>sans frais</translation>
    </message>
    <message>
        <source>no corrections yet</source>
        <translation>aucune correction pour l’instant</translation>
    </message>
    <message>
        <source>no-sale</source>
        <translation>ouverture sans vente</translation>
    </message>
    <message>
        <source>number of {pieces}</source>
        <translation>{pieces} (nombre)</translation>
    </message>
    <message>
        <source>number of {pieces} rolls</source>
        <translation>{pieces} (rouleaux)</translation>
    </message>
    <message>
        <source>over by {amount_cents}</source>
        <translation>en excédent de {amount_cents}</translation>
    </message>
    <message>
        <source>paid-out</source>
        <translation>décaissement</translation>
    </message>
    <message>
        <source>parked</source>
        <translation>en attente de reprise</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>quantité</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>remboursement</translation>
    </message>
    <message>
        <source>serve visitors</source>
        <translation>servir des personnes</translation>
    </message>
    <message>
        <source>shift correction</source>
        <translation>correction de quart</translation>
    </message>
    <message>
        <source>shift sign-off</source>
        <translation>approbation de quart</translation>
    </message>
    <message>
        <source>short by {amount_cents}</source>
        <translation>en manque de {amount_cents}</translation>
    </message>
    <message>
        <source>still waiting</source>
        <translation>toujours en attente</translation>
    </message>
    <message>
        <source>tender over the limit</source>
        <translation>paiement au-delà du plafond</translation>
    </message>
    <message>
        <source>transfer visitors</source>
        <translation>transférer des personnes</translation>
    </message>
    <message>
        <source>void</source>
        <translation>annulation</translation>
    </message>
    <message>
        <source>voided by {void_receipt}</source>
        <translation>annulé par le reçu {void_receipt}</translation>
    </message>
    <message>
        <source>{account} is paid in full: {owing_cents}.</source>
        <translation>{account} se paie en entier&#xa0;: {owing_cents}.</translation>
    </message>
    <message>
        <source>{account} was already paid earlier.</source>
        <translation>{account} a déjà été payé.</translation>
    </message>
    <message>
        <source>{account} was already paid on {day}.</source>
        <translation>{account} a déjà été payé le {day}.</translation>
    </message>
    <message>
        <source>{amount_cents} in cash rounds to nothing; refund it to the card or cheque it was paid with.</source>
        <translation>{amount_cents} en espèces s’arrondit à zéro; remboursez-le sur la carte ou par chèque, selon le paiement d’origine.</translation>
    </message>
    <message>
        <source>{back_cents} goes back: a supervisor approves the refund.</source>
        <translation>{back_cents} est remis&#xa0;: un superviseur approuve le remboursement.</translation>
    </message>
    <message>
        <source>{credit_cents} credit (as of {as_of})</source>
        <translation>crédit de {credit_cents} (au {as_of})</translation>
    </message>
    <message>
        <source>{credit_cents} credit (balance as of {as_of}, less {paid_cents} paid at this station since)</source>
        <translation>crédit de {credit_cents} (solde au {as_of}, moins {paid_cents} payés à ce poste depuis)</translation>
    </message>
    <message>
        <source>{device} is not a {role}: this {job} goes only to a device of that role.</source>
        <translation>{device} n’a pas le rôle «&#xa0;{role}&#xa0;»&#xa0;: cette tâche ({job}) va seulement à un appareil de ce rôle.</translation>
    </message>
    <message>
        <source>{device} stopped answering (write timed out after {seconds} s)</source>
        <translation>{device} ne répond plus (délai d’écriture dépassé après {seconds} s)</translation>
    </message>
    <message>
        <source>{device}: &apos;{port}&apos; is not a network address (host:port)</source>
        <translation>{device}&#xa0;: «&#xa0;{port}&#xa0;» n’est pas une adresse réseau (hôte:port)</translation>
    </message>
    <message>
        <source>{device}: &apos;{port}&apos; is not a usable port setting ({exc})</source>
        <translation>{device}&#xa0;: «&#xa0;{port}&#xa0;» n’est pas un réglage de port utilisable ({exc})</translation>
    </message>
    <message>
        <source>{device}: USB printer {ids} is in use by another program</source>
        <translation>{device}&#xa0;: l’imprimante USB {ids} est utilisée par un autre programme</translation>
    </message>
    <message>
        <source>{device}: USB printer {ids} is not connected or is switched off</source>
        <translation>{device}&#xa0;: l’imprimante USB {ids} n’est pas branchée ou est éteinte</translation>
    </message>
    <message>
        <source>{device}: USB printing needs libusb (apt-get install libusb-1.0-0)</source>
        <translation>{device}&#xa0;: l’impression USB exige libusb (apt-get install libusb-1.0-0)</translation>
    </message>
    <message>
        <source>{device}: USB printing needs pyusb (pip install pyusb)</source>
        <translation>{device}&#xa0;: l’impression USB exige pyusb (pip install pyusb)</translation>
    </message>
    <message>
        <source>{device}: a raw job carries its bytes; this one has none</source>
        <translation>{device}&#xa0;: une tâche brute porte ses octets; celle-ci n’en a aucun</translation>
    </message>
    <message>
        <source>{device}: cannot open USB printer {ids} ({exc})</source>
        <translation>{device}&#xa0;: impossible d’ouvrir l’imprimante USB {ids} ({exc})</translation>
    </message>
    <message>
        <source>{device}: cannot open port {port} ({detail})</source>
        <translation>{device}&#xa0;: impossible d’ouvrir le port {port} ({detail})</translation>
    </message>
    <message>
        <source>{device}: it reports an error</source>
        <translation>{device}&#xa0;: l’appareil signale une erreur</translation>
    </message>
    <message>
        <source>{device}: it reports an error while printing; what came out may be incomplete</source>
        <translation>{device}&#xa0;: l’appareil a signalé une erreur pendant l’impression; ce qui est sorti peut être incomplet</translation>
    </message>
    <message>
        <source>{device}: lost the connection on {port} ({detail})</source>
        <translation>{device}&#xa0;: connexion perdue sur {port} ({detail})</translation>
    </message>
    <message>
        <source>{device}: lost the connection on {port} while sending ({detail})</source>
        <translation>{device}&#xa0;: connexion perdue sur {port} pendant l’envoi ({detail})</translation>
    </message>
    <message>
        <source>{device}: no permission to open port {port}</source>
        <translation>{device}&#xa0;: aucune permission d’ouvrir le port {port}</translation>
    </message>
    <message>
        <source>{device}: no permission to use USB printer {ids}</source>
        <translation>{device}&#xa0;: aucune permission d’utiliser l’imprimante USB {ids}</translation>
    </message>
    <message>
        <source>{device}: no permission to use USB printer {ids} (a udev rule for the station&apos;s user)</source>
        <translation>{device}&#xa0;: aucune permission d’utiliser l’imprimante USB {ids} (il faut une règle udev pour l’utilisateur du poste)</translation>
    </message>
    <message>
        <source>{device}: no sign driver called &apos;{driver}&apos; (known: {known})</source>
        <translation>{device}&#xa0;: aucun pilote d’afficheur nommé «&#xa0;{driver}&#xa0;» (connus&#xa0;: {known})</translation>
    </message>
    <message>
        <source>{device}: nothing is listening at {port}</source>
        <translation>{device}&#xa0;: rien n’écoute à {port}</translation>
    </message>
    <message>
        <source>{device}: offline</source>
        <translation>{device}&#xa0;: hors ligne</translation>
    </message>
    <message>
        <source>{device}: offline while printing; what came out may be incomplete</source>
        <translation>{device}&#xa0;: hors ligne pendant l’impression; ce qui est sorti peut être incomplet</translation>
    </message>
    <message>
        <source>{device}: out of paper</source>
        <translation>{device}&#xa0;: plus de papier</translation>
    </message>
    <message>
        <source>{device}: out of paper while printing; what came out may be incomplete</source>
        <translation>{device}&#xa0;: plus de papier pendant l’impression; ce qui est sorti peut être incomplet</translation>
    </message>
    <message>
        <source>{device}: port {port} does not exist</source>
        <translation>{device}&#xa0;: le port {port} n’existe pas</translation>
    </message>
    <message>
        <source>{device}: port {port} is in use by another program</source>
        <translation>{device}&#xa0;: le port {port} est utilisé par un autre programme</translation>
    </message>
    <message>
        <source>{device}: the cover is open</source>
        <translation>{device}&#xa0;: le couvercle est ouvert</translation>
    </message>
    <message>
        <source>{device}: the cover is open while printing; what came out may be incomplete</source>
        <translation>{device}&#xa0;: le couvercle s’est ouvert pendant l’impression; ce qui est sorti peut être incomplet</translation>
    </message>
    <message>
        <source>{device}: the cutter is jammed</source>
        <translation>{device}&#xa0;: le massicot est coincé</translation>
    </message>
    <message>
        <source>{device}: the cutter is jammed while printing; what came out may be incomplete</source>
        <translation>{device}&#xa0;: le massicot s’est coincé pendant l’impression; ce qui est sorti peut être incomplet</translation>
    </message>
    <message>
        <source>{device}: the {kind} job cannot be laid out ({exc})</source>
        <translation>{device}&#xa0;: la tâche {kind} ne peut pas être mise en page ({exc})</translation>
    </message>
    <message>
        <source>{device}: this station does not know how to do a &apos;{kind}&apos; job</source>
        <translation>{device}&#xa0;: ce poste ne sait pas exécuter une tâche «&#xa0;{kind}&#xa0;»</translation>
    </message>
    <message>
        <source>{fee_cents}</source>
        <translation>{fee_cents}</translation>
    </message>
    <message>
        <source>{field} is required.</source>
        <translation>{field}&#xa0;: champ obligatoire.</translation>
    </message>
    <message>
        <source>{field}: a date like 2026-11-23.</source>
        <translation>{field}&#xa0;: une date comme 2026-11-23.</translation>
    </message>
    <message>
        <source>{field}: a whole number from 0 to 99.</source>
        <translation>{field}&#xa0;: un nombre entier de 0 à 99.</translation>
    </message>
    <message>
        <source>{field}: at most {limit} characters.</source>
        <translation>{field}&#xa0;: au plus {limit} caractères.</translation>
    </message>
    <message>
        <source>{field}: choose one of {choices}.</source>
        <translation>{field}&#xa0;: choisissez parmi {choices}.</translation>
    </message>
    <message>
        <source>{field}: the last 3 or 4 digits of the ID, digits only.</source>
        <translation>{field}&#xa0;: les 3 ou 4 derniers chiffres de la pièce d’identité, chiffres seulement.</translation>
    </message>
    <message>
        <source>{field}: type it again without control characters.</source>
        <translation>{field}&#xa0;: tapez-le de nouveau sans caractères de contrôle.</translation>
    </message>
    <message>
        <source>{field}: {exc}</source>
        <translation>{field}&#xa0;: {exc}</translation>
    </message>
    <message>
        <source>{label} has control characters: type it again.</source>
        <translation>{label} contient des caractères de contrôle&#xa0;: tapez de nouveau.</translation>
    </message>
    <message>
        <source>{label} is too long (at most {limit} characters).</source>
        <translation>{label} est trop long (au plus {limit} caractères).</translation>
    </message>
    <message>
        <source>{label} of {amount_cents} is over the {limit_cents} a counter takes without a supervisor: a supervisor approves it.</source>
        <translation>{label} de {amount_cents} dépasse les {limit_cents} qu’un comptoir accepte sans superviseur&#xa0;: un superviseur doit l’approuver.</translation>
    </message>
    <message>
        <source>{label}: at most {limit} characters.</source>
        <translation>{label}&#xa0;: au plus {limit} caractères.</translation>
    </message>
    <message>
        <source>{label}: type it again without control characters.</source>
        <translation>{label}&#xa0;: tapez de nouveau sans caractères de contrôle.</translation>
    </message>
    <message>
        <source>{low_cents}–{high_cents}</source>
        <translation>{low_cents} à {high_cents}</translation>
    </message>
    <message>
        <source>{number} is not a valid {account_kind} number (the check digit does not match): check it against the bill.</source>
        <translation>{number} n’est pas un numéro ({account_kind}) valide (le chiffre de contrôle ne correspond pas)&#xa0;: vérifiez-le sur la facture.</translation>
    </message>
    <message>
        <source>{owing_cents} owing (as of {as_of})</source>
        <translation>{owing_cents} dus (au {as_of})</translation>
    </message>
    <message>
        <source>{owing_cents} owing (balance as of {as_of}, less {paid_cents} paid at this station since)</source>
        <translation>{owing_cents} dus (solde au {as_of}, moins {paid_cents} payés à ce poste depuis)</translation>
    </message>
    <message>
        <source>{participant}&apos;s registration is already cancelled.</source>
        <translation>L’inscription de {participant} est déjà annulée.</translation>
    </message>
    <message>
        <source>{percent}% of {basis}</source>
        <translation>{percent}&#xa0;% ({basis})</translation>
    </message>
    <message>
        <source>{percent}% of {basis}, at least {minimum_cents}</source>
        <translation>{percent}&#xa0;% ({basis}), au moins {minimum_cents}</translation>
    </message>
    <message>
        <source>{pieces} are not counted in rolls.</source>
        <translation>{pieces}&#xa0;: ne se comptent pas en rouleaux.</translation>
    </message>
    <message>
        <source>{price} (depends on: {reasons})</source>
        <translation>{price} (selon&#xa0;: {reasons})</translation>
    </message>
    <message>
        <source>{price} (depends on: {reasons}; today&apos;s price; it changes with the date)</source>
        <translation>{price} (selon&#xa0;: {reasons}; prix du jour, il varie selon la date)</translation>
    </message>
    <message>
        <source>{price} (today&apos;s price; it changes with the date)</source>
        <translation>{price} (prix du jour, il varie selon la date)</translation>
    </message>
    <message>
        <source>{price} + {more}</source>
        <translation>{price} + {more}</translation>
    </message>
    <message>
        <source>{raw} is more {what} than a drawer holds; count again.</source>
        <translation>{raw} dépasse ce qu’un tiroir-caisse peut contenir — {what}; comptez de nouveau.</translation>
    </message>
    <message>
        <source>{refunded_cents} refunded so far</source>
        <translation>{refunded_cents} remboursés jusqu’ici</translation>
    </message>
    <message>
        <source>{service} has no account kind in the catalogue; ask head office.</source>
        <translation>{service} n’a pas de type de compte au catalogue; adressez-vous au bureau central.</translation>
    </message>
    <message>
        <source>{service} is already booked on {day} from {start} to {end} (receipt {receipt}).</source>
        <translation>{service} est déjà réservé le {day} de {start} à {end} (reçu {receipt}).</translation>
    </message>
    <message>
        <source>{service} is already booked on {day} from {start} to {end} in this visit.</source>
        <translation>{service} est déjà réservé le {day} de {start} à {end} dans cette visite.</translation>
    </message>
    <message>
        <source>{service}: a booking ends by midnight.</source>
        <translation>{service}&#xa0;: une réservation se termine au plus tard à minuit.</translation>
    </message>
    <message>
        <source>{service}: a payment is one line per account.</source>
        <translation>{service}&#xa0;: un paiement, c’est une ligne par compte.</translation>
    </message>
    <message>
        <source>{service}: book at least one hour.</source>
        <translation>{service}&#xa0;: réservez au moins une heure.</translation>
    </message>
    <message>
        <source>{service}: enter the amount the visitor pays.</source>
        <translation>{service}&#xa0;: entrez le montant que la personne paie.</translation>
    </message>
    <message>
        <source>{service}: find the account first.</source>
        <translation>{service}&#xa0;: trouvez d’abord le compte.</translation>
    </message>
    <message>
        <source>{service}: one per line; add it again for another.</source>
        <translation>{service}&#xa0;: un par ligne; ajoutez-le de nouveau pour un autre.</translation>
    </message>
    <message>
        <source>{service}: only staff holding a commissioner appointment may do this.</source>
        <translation>{service}&#xa0;: seul le personnel nommé commissaire aux affidavits peut le faire.</translation>
    </message>
    <message>
        <source>{service}: the eligibility checklist is not complete ({item}).</source>
        <translation>{service}&#xa0;: la liste de vérification d’admissibilité n’est pas remplie ({item}).</translation>
    </message>
    <message>
        <source>{service}: the starting time is a time like 18:00.</source>
        <translation>{service}&#xa0;: l’heure de début s’écrit comme 18:00.</translation>
    </message>
    <message>
        <source>{service}: {exc}</source>
        <translation>{service}&#xa0;: {exc}</translation>
    </message>
    <message>
        <source>{unit_cents} per {unit}</source>
        <translation>{unit_cents} par {unit}</translation>
    </message>
    <message>
        <source>{unit_cents} × {count_of}</source>
        <translation>{unit_cents} × {count_of}</translation>
    </message>
    <message>
        <source>{value} is more {what} than a drawer holds; count again.</source>
        <translation>{value} dépasse ce qu’un tiroir-caisse peut contenir — {what}; comptez de nouveau.</translation>
    </message>
    <message numerus="yes">
        <source>Recall {label} %n time(s) before marking a no-show (recalled {recalls} so far).</source>
        <translation>
            <numerusform>Rappelez {label} %n fois avant de l’inscrire comme absent (rappels jusqu’ici&#xa0;: {recalls}).</numerusform>
            <numerusform>Rappelez {label} %n fois avant de l’inscrire comme absent (rappels jusqu’ici&#xa0;: {recalls}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServiceFormDialog</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-JJ</translation>
    </message>
    <message>
        <source>last 3 or 4 digits</source>
        <translation>3 ou 4 derniers chiffres</translation>
    </message>
    <message>
        <source>Form: %1</source>
        <translation>Formulaire&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 — fields marked * are required.</source>
        <translation>%1 — les champs marqués d’un * sont obligatoires.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>&amp;Add to visit</source>
        <translation>&amp;Ajouter à la visite</translation>
    </message>
    <message>
        <source>Add to visit</source>
        <translation>Ajouter à la visite</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>counterapp cannot start</source>
        <translation>counterapp ne peut pas démarrer</translation>
    </message>
    <message>
        <source>The station database cannot be used.</source>
        <translation>La base de données du poste est inutilisable.</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <source>This counter</source>
        <translation>Ce comptoir</translation>
    </message>
    <message>
        <source>A station of head office sends every sale to head office and gets its services, fees and staff from there. A standalone office keeps everything here.</source>
        <translation>Un poste du bureau central envoie chaque vente au bureau central et en reçoit ses services, ses frais et son personnel. Un bureau autonome conserve tout ici.</translation>
    </message>
    <message>
        <source>A station of &amp;head office</source>
        <translation>Un poste du &amp;bureau central</translation>
    </message>
    <message>
        <source>A station of head office</source>
        <translation>Un poste du bureau central</translation>
    </message>
    <message>
        <source>A &amp;standalone office</source>
        <translation>Un bureau &amp;autonome</translation>
    </message>
    <message>
        <source>A standalone office</source>
        <translation>Un bureau autonome</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <source>Station code</source>
        <translation>Code du poste</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>Code à usage unique</translation>
    </message>
    <message>
        <source>Reference data file</source>
        <translation>Fichier des données de référence</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>Par&amp;courir…</translation>
    </message>
    <message>
        <source>Choose the reference data file</source>
        <translation>Choisir le fichier des données de référence</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Adresse du serveur&#xa0;:</translation>
    </message>
    <message>
        <source>Station &amp;code:</source>
        <translation>&amp;Code du poste&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;One-time code:</source>
        <translation>Code à &amp;usage unique&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Reference data:</source>
        <translation>&amp;Données de référence&#xa0;:</translation>
    </message>
    <message>
        <source>Station set-up message</source>
        <translation>Message de configuration du poste</translation>
    </message>
    <message>
        <source>Reference data</source>
        <translation>Données de référence</translation>
    </message>
    <message>
        <source>Reference data (*.json)</source>
        <translation>Données de référence (*.json)</translation>
    </message>
</context>
<context>
    <name>StationWindow</name>
    <message>
        <source>counterapp — %1</source>
        <translation>counterapp — %1</translation>
    </message>
    <message>
        <source>Counter station</source>
        <translation>Poste de comptoir</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>F1 shows the keyboard shortcuts.</source>
        <translation>F1 affiche les raccourcis clavier.</translation>
    </message>
    <message>
        <source>Receipt printer status</source>
        <translation>État de l’imprimante de reçus</translation>
    </message>
    <message>
        <source>Head-office sync status</source>
        <translation>État de la synchronisation avec le bureau central</translation>
    </message>
    <message>
        <source>Standalone (no server)</source>
        <translation>Autonome (aucun serveur)</translation>
    </message>
    <message>
        <source>Walk-in &amp;queue panel (show or hide)</source>
        <translation>Panneau de la &amp;file d’attente (afficher ou masquer)</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>Session ouverte&#xa0;: %1 — %2</translation>
    </message>
    <message>
        <source>&amp;Find a service (F2):</source>
        <translation>&amp;Trouver un service (F2)&#xa0;:</translation>
    </message>
    <message>
        <source>Find a service</source>
        <translation>Trouver un service</translation>
    </message>
    <message>
        <source>Type a name, code or keyword</source>
        <translation>Tapez un nom, un code ou un mot-clé</translation>
    </message>
    <message>
        <source>Matching services</source>
        <translation>Services correspondants</translation>
    </message>
    <message>
        <source>Services matching the search; Enter adds the chosen one to the visit</source>
        <translation>Services correspondant à la recherche; Entrée ajoute celui choisi à la visite</translation>
    </message>
    <message>
        <source>Search result note</source>
        <translation>Remarque sur les résultats de recherche</translation>
    </message>
    <message>
        <source>&amp;Visit (F4):</source>
        <translation>&amp;Visite (F4)&#xa0;:</translation>
    </message>
    <message>
        <source>Visit lines</source>
        <translation>Lignes de la visite</translation>
    </message>
    <message>
        <source>Services and payments of this visit; Delete removes, + and - change quantity</source>
        <translation>Services et paiements de cette visite; Suppr retire, + et - changent la quantité</translation>
    </message>
    <message>
        <source>&amp;Remove line</source>
        <translation>&amp;Retirer la ligne</translation>
    </message>
    <message>
        <source>Remove the selected line</source>
        <translation>Retirer la ligne choisie</translation>
    </message>
    <message>
        <source>Pay an account (F3)</source>
        <translation>Payer un compte (F3)</translation>
    </message>
    <message>
        <source>Pay an account</source>
        <translation>Payer un compte</translation>
    </message>
    <message>
        <source>Receipts &amp;&amp; corrections (F7)</source>
        <translation>Reçus et corrections (F7)</translation>
    </message>
    <message>
        <source>Receipts and corrections</source>
        <translation>Reçus et corrections</translation>
    </message>
    <message>
        <source>New visit (Ctrl+N)</source>
        <translation>Nouvelle visite (Ctrl+N)</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>Nouvelle visite</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Visit total</source>
        <translation>Total de la visite</translation>
    </message>
    <message>
        <source>Still due</source>
        <translation>Solde dû</translation>
    </message>
    <message>
        <source>Due in cash, rounded</source>
        <translation>Dû en espèces, arrondi</translation>
    </message>
    <message>
        <source>Tender &amp;kind:</source>
        <translation>Mode de &amp;paiement&#xa0;:</translation>
    </message>
    <message>
        <source>Tender kind</source>
        <translation>Mode de paiement</translation>
    </message>
    <message>
        <source>&amp;Amount (F9):</source>
        <translation>&amp;Montant (F9)&#xa0;:</translation>
    </message>
    <message>
        <source>Amount tendered</source>
        <translation>Montant remis</translation>
    </message>
    <message>
        <source>Dollars and cents handed over, for example 20 or 20.50; F8 fills in what is due</source>
        <translation>Dollars et cents remis, par exemple 20 ou 20.50; F8 inscrit le montant dû</translation>
    </message>
    <message>
        <source>R&amp;eference:</source>
        <translation>Ré&amp;férence&#xa0;:</translation>
    </message>
    <message>
        <source>Tender reference (cheque number, approval code)</source>
        <translation>Référence du paiement (numéro de chèque, code d’autorisation)</translation>
    </message>
    <message>
        <source>&amp;Tender</source>
        <translation>&amp;Encaisser</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>Mode de paiement</translation>
    </message>
    <message>
        <source>Exact (F8)</source>
        <translation>Montant exact (F8)</translation>
    </message>
    <message>
        <source>Fill the amount due</source>
        <translation>Inscrire le montant dû</translation>
    </message>
    <message>
        <source>Tenders taken</source>
        <translation>Paiements reçus</translation>
    </message>
    <message>
        <source>The payments taken for this visit so far, each with its kind and amount</source>
        <translation>Les paiements reçus pour cette visite jusqu’ici, chacun avec son mode et son montant</translation>
    </message>
    <message>
        <source>Change to give</source>
        <translation>Monnaie à rendre</translation>
    </message>
    <message>
        <source>&amp;Counter</source>
        <translation>&amp;Comptoir</translation>
    </message>
    <message>
        <source>New visit (clears the current one)</source>
        <translation>Nouvelle visite (efface la visite en cours)</translation>
    </message>
    <message>
        <source>Park this visit (someone recalls it later)</source>
        <translation>Mettre cette visite en attente (quelqu’un la reprendra plus tard)</translation>
    </message>
    <message>
        <source>Recall a parked visit</source>
        <translation>Reprendre une visite en attente</translation>
    </message>
    <message>
        <source>Sign out / switch user</source>
        <translation>Fermer la session / changer d’utilisateur</translation>
    </message>
    <message>
        <source>Lock the station</source>
        <translation>Verrouiller le poste</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Pay an account: tax roll, utility, ticket, invoice, membership</source>
        <translation>Payer un compte&#xa0;: rôle d’évaluation, services publics, contravention, facture, abonnement</translation>
    </message>
    <message>
        <source>Go to the visit lines (Delete removes, + and - change quantity)</source>
        <translation>Aller aux lignes de la visite (Suppr retire, + et - modifient la quantité)</translation>
    </message>
    <message>
        <source>Go to the tender amount</source>
        <translation>Aller au montant du paiement</translation>
    </message>
    <message>
        <source>Fill the amount due for the chosen tender</source>
        <translation>Inscrire le montant dû pour le mode de paiement choisi</translation>
    </message>
    <message>
        <source>Reprint the last receipt (marked COPY)</source>
        <translation>Réimprimer le dernier reçu (mention COPIE)</translation>
    </message>
    <message>
        <source>Receipts and corrections: void, refund, reprint</source>
        <translation>Reçus et corrections&#xa0;: annulation, remboursement, réimpression</translation>
    </message>
    <message>
        <source>Numbered stock: what is left, record a spoiled form</source>
        <translation>Formulaires numérotés&#xa0;: stock restant, enregistrer un formulaire gâché</translation>
    </message>
    <message>
        <source>Intake: a request or complaint, stamp a letter, look up a reference</source>
        <translation>Réception&#xa0;: une demande ou une plainte, estampiller une lettre, chercher une référence</translation>
    </message>
    <message>
        <source>Registrations: find a participant, cancel by the program&apos;s rule</source>
        <translation>Inscriptions&#xa0;: trouver un participant, annuler selon la règle du programme</translation>
    </message>
    <message>
        <source>Send to head office now</source>
        <translation>Envoyer au bureau central maintenant</translation>
    </message>
    <message>
        <source>No service matches “%1”. Try another word, or F3 to pay an account.</source>
        <translation>Aucun service ne correspond à «&#xa0;%1&#xa0;». Essayez un autre mot, ou F3 pour payer un compte.</translation>
    </message>
    <message>
        <source>No service matches; try another word.</source>
        <translation>Aucun service ne correspond; essayez un autre mot.</translation>
    </message>
    <message>
        <source>Tenders are already taken; finish or start a new visit first.</source>
        <translation>Des paiements sont déjà reçus; terminez la visite ou commencez-en une nouvelle.</translation>
    </message>
    <message>
        <source>%1: only staff holding a commissioner appointment may do this.</source>
        <translation>%1&#xa0;: seul le personnel nommé commissaire aux affidavits peut le faire.</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>%1 ajouté.</translation>
    </message>
    <message>
        <source>Tenders are already taken; start a new visit to change the lines.</source>
        <translation>Des paiements sont déjà reçus; commencez une nouvelle visite pour modifier les lignes.</translation>
    </message>
    <message>
        <source>Start a new visit: what happens to this one?</source>
        <translation>Commencer une nouvelle visite&#xa0;: que faire de celle-ci?</translation>
    </message>
    <message>
        <source>There is no visit to park.</source>
        <translation>Il n’y a aucune visite à mettre en attente.</translation>
    </message>
    <message>
        <source>Tenders are taken: finish the sale, or discard and hand the money back.</source>
        <translation>Des paiements ont été reçus&#xa0;: terminez la vente, ou abandonnez-la et remettez l’argent.</translation>
    </message>
    <message>
        <source>Visit parked; Shift+F5 recalls it.</source>
        <translation>Visite mise en attente; Maj+F5 la reprend.</translation>
    </message>
    <message>
        <source>No visit is parked at this station.</source>
        <translation>Aucune visite n’est en attente à ce poste.</translation>
    </message>
    <message>
        <source>Finish or park this visit before recalling another.</source>
        <translation>Terminez cette visite ou mettez-la en attente avant d’en reprendre une autre.</translation>
    </message>
    <message>
        <source>Recalled the visit parked by %1: %2.</source>
        <translation>Visite mise en attente par %1 reprise&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Sign out: what happens to this visit?</source>
        <translation>Fermer la session&#xa0;: que faire de cette visite?</translation>
    </message>
    <message>
        <source>%1&apos;s visit has tenders taken; finish it or discard it first.</source>
        <translation>Des paiements ont été reçus pour la visite de %1; terminez-la ou abandonnez-la d’abord.</translation>
    </message>
    <message>
        <source>In cash: %1</source>
        <translation>En espèces&#xa0;: %1</translation>
    </message>
    <message>
        <source>The visit is empty: add a service first.</source>
        <translation>La visite est vide&#xa0;: ajoutez d’abord un service.</translation>
    </message>
    <message>
        <source>Taken. Still due: %1</source>
        <translation>Reçu. Solde dû&#xa0;: %1</translation>
    </message>
    <message>
        <source>Saving the sale…</source>
        <translation>Enregistrement de la vente…</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>Monnaie %1</translation>
    </message>
    <message>
        <source>Sale %1 complete.</source>
        <translation>Vente %1 terminée.</translation>
    </message>
    <message>
        <source>Give %1 in change.</source>
        <translation>Rendez %1 de monnaie.</translation>
    </message>
    <message>
        <source>Recorded as %1.</source>
        <translation>Enregistré sous %1.</translation>
    </message>
    <message>
        <source>Finish the visit first, then take the offer.</source>
        <translation>Terminez d’abord la visite, puis ajoutez l’offre.</translation>
    </message>
    <message>
        <source>Registration cancelled; no money goes back.</source>
        <translation>Inscription annulée; aucun remboursement.</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Annulation</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <source>%1 %2 saved.</source>
        <translation>%1 %2 enregistré.</translation>
    </message>
    <message>
        <source>Hand back %1 in cash.</source>
        <translation>Remettez %1 en espèces.</translation>
    </message>
    <message>
        <source>Hand back %1</source>
        <translation>Remettez %1</translation>
    </message>
    <message>
        <source>No receipt to reprint yet.</source>
        <translation>Aucun reçu à réimprimer pour l’instant.</translation>
    </message>
    <message>
        <source>Head office: sending…</source>
        <translation>Bureau central&#xa0;: envoi…</translation>
    </message>
    <message numerus="yes">
        <source>Head office: offline since %1, %n waiting — %2</source>
        <translation>
            <numerusform>Bureau central&#xa0;: hors ligne depuis %1, %n en attente — %2</numerusform>
            <numerusform>Bureau central&#xa0;: hors ligne depuis %1, %n en attente — %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Head office: error, %n waiting — %1</source>
        <translation>
            <numerusform>Bureau central&#xa0;: erreur, %n en attente — %1</numerusform>
            <numerusform>Bureau central&#xa0;: erreur, %n en attente — %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Head office: %n waiting</source>
        <translation>
            <numerusform>Bureau central&#xa0;: %n en attente</numerusform>
            <numerusform>Bureau central&#xa0;: %n en attente</numerusform>
        </translation>
    </message>
    <message>
        <source>Head office: connecting…</source>
        <translation>Bureau central&#xa0;: connexion…</translation>
    </message>
    <message>
        <source>Head office: up to date</source>
        <translation>Bureau central&#xa0;: à jour</translation>
    </message>
    <message>
        <source>Close the window: what happens to this visit?</source>
        <translation>Fermer la fenêtre&#xa0;: que faire de cette visite?</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <source>Numbered stock</source>
        <translation>Formulaires numérotés</translation>
    </message>
    <message>
        <source>&amp;Stock at this station:</source>
        <translation>&amp;Stock à ce poste&#xa0;:</translation>
    </message>
    <message>
        <source>Stock at this station</source>
        <translation>Stock à ce poste</translation>
    </message>
    <message>
        <source>Each kind of numbered form or tag, with how many are left and the next number</source>
        <translation>Chaque sorte de formulaire ou de médaille numérotés, avec le nombre restant et le prochain numéro</translation>
    </message>
    <message>
        <source>&amp;Why is the next form spoiled?</source>
        <translation>&amp;Pourquoi le prochain formulaire est-il gâché?</translation>
    </message>
    <message>
        <source>Why the form is spoiled</source>
        <translation>Pourquoi le formulaire est gâché</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Record the next form as s&amp;poiled</source>
        <translation>Enregistrer le prochain formulaire comme &amp;gâché</translation>
    </message>
    <message>
        <source>Record the next form as spoiled</source>
        <translation>Enregistrer le prochain formulaire comme gâché</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>%1: next %2, %3 left</source>
        <translation>%1&#xa0;: prochain %2, %3 restants</translation>
    </message>
    <message>
        <source>%1: none left; ask head office for a block</source>
        <translation>%1&#xa0;: épuisé; demandez un bloc au bureau central</translation>
    </message>
    <message>
        <source>Choose the kind of form first.</source>
        <translation>Choisissez d’abord le type de formulaire.</translation>
    </message>
    <message>
        <source>Form %1 is recorded as spoiled.</source>
        <translation>Le formulaire %1 est enregistré comme gâché.</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer %1 with notes</source>
        <translation>Transférer %1 avec des notes</translation>
    </message>
    <message>
        <source>Warm transfer with notes</source>
        <translation>Transfert accompagné avec des notes</translation>
    </message>
    <message>
        <source>Transfer t&amp;o:</source>
        <translation>Transférer &amp;à&#xa0;:</translation>
    </message>
    <message>
        <source>Department expert or category</source>
        <translation>Expert d’un service municipal ou catégorie</translation>
    </message>
    <message>
        <source>&amp;What the visitor said (travels with the ticket):</source>
        <translation>&amp;Ce que le visiteur a dit (suit le billet)&#xa0;:</translation>
    </message>
    <message>
        <source>Notes for the expert</source>
        <translation>Notes pour l’expert</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>&amp;Transfer</source>
        <translation>&amp;Transférer</translation>
    </message>
    <message>
        <source>Transfer the visitor with the notes</source>
        <translation>Transférer le visiteur avec les notes</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>The note is too long (at most %1 characters).</source>
        <translation>La note est trop longue (au plus %1 caractères).</translation>
    </message>
</context>
<context>
    <name>VisitModel</name>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Frais</translation>
    </message>
    <message>
        <source>HST</source>
        <translation>TVH</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <source>Serve a walk-in now</source>
        <translation>Servir un visiteur sans billet maintenant</translation>
    </message>
    <message>
        <source>Serve a walk-in who took no ticket</source>
        <translation>Servir un visiteur qui n’a pas pris de billet</translation>
    </message>
    <message>
        <source>The visitor is served at this desk now, without waiting in the lobby; the visit is timed and counted like a ticket.</source>
        <translation>Le visiteur est servi à ce guichet maintenant, sans attendre dans la salle d’attente; la visite est chronométrée et comptée comme un billet.</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Catégorie&#xa0;:</translation>
    </message>
    <message>
        <source>Service category of the walk-in</source>
        <translation>Catégorie de service du visiteur sans billet</translation>
    </message>
    <message>
        <source>&amp;Serve now</source>
        <translation>&amp;Servir maintenant</translation>
    </message>
    <message>
        <source>Serve the walk-in now</source>
        <translation>Servir le visiteur maintenant</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>WindowDevices</name>
    <message>
        <source>No receipt printer set up</source>
        <translation>Aucune imprimante de reçus configurée</translation>
    </message>
    <message>
        <source>Printing %1…</source>
        <translation>Impression de %1…</translation>
    </message>
    <message>
        <source>Printer problem</source>
        <translation>Problème d’imprimante</translation>
    </message>
    <message>
        <source>Receipt %1 did not print: %2. The sale is saved; press Ctrl+P to reprint or Ctrl+Shift+P to retry it or send it to another printer.</source>
        <translation>Le reçu %1 ne s’est pas imprimé&#xa0;: %2. La vente est enregistrée; appuyez sur Ctrl+P pour le réimprimer, ou sur Ctrl+Maj+P pour réessayer ou l’envoyer à une autre imprimante.</translation>
    </message>
    <message>
        <source>The cash drawer did not open: %1</source>
        <translation>Le tiroir-caisse ne s’est pas ouvert&#xa0;: %1</translation>
    </message>
    <message>
        <source>Printed %1</source>
        <translation>%1 imprimé</translation>
    </message>
    <message>
        <source>Sent %1, not confirmed</source>
        <translation>%1 envoyé, non confirmé</translation>
    </message>
    <message>
        <source>Receipt %1 was sent, but the printer did not confirm it (%2). If it did not come out, press Ctrl+P to reprint it.</source>
        <translation>Le reçu %1 a été envoyé, mais l’imprimante ne l’a pas confirmé (%2). S’il n’est pas sorti, appuyez sur Ctrl+P pour le réimprimer.</translation>
    </message>
    <message>
        <source>Trying %1 again…</source>
        <translation>Nouvel essai de %1…</translation>
    </message>
    <message>
        <source>%1 status</source>
        <translation>État&#xa0;: %1</translation>
    </message>
    <message>
        <source>Dev&amp;ices</source>
        <translation>A&amp;ppareils</translation>
    </message>
    <message>
        <source>Print &amp;queue…</source>
        <translation>&amp;File d’impression…</translation>
    </message>
    <message>
        <source>Open the cash &amp;drawer (no sale)…</source>
        <translation>Ouvrir le &amp;tiroir-caisse (sans vente)…</translation>
    </message>
    <message>
        <source>&amp;Check devices now</source>
        <translation>&amp;Vérifier les appareils maintenant</translation>
    </message>
    <message>
        <source>Device &amp;settings…</source>
        <translation>&amp;Paramètres des appareils…</translation>
    </message>
    <message>
        <source>No receipt printer set up, so no cash drawer.</source>
        <translation>Aucune imprimante de reçus n’est configurée, donc aucun tiroir-caisse.</translation>
    </message>
    <message>
        <source>Device settings saved and in use.</source>
        <translation>Paramètres des appareils enregistrés et en service.</translation>
    </message>
</context>
</TS>
