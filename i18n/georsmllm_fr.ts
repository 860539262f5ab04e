<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>GeoRSMLLM</name>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="43"/>
        <source>Area of interest</source>
        <translation>Zone d'intérêt</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="45"/>
        <source>Current map extent</source>
        <translation>Emprise actuelle de la carte</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="46"/>
        <source>Draw rectangle</source>
        <translation>Dessiner un rectangle</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="47"/>
        <source>Draw polygon</source>
        <translation>Dessiner un polygone</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="48"/>
        <source>Selected features</source>
        <translation>Entités sélectionnées</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="49"/>
        <source>Whole layer</source>
        <translation>Couche entière</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="52"/>
        <source>Draw</source>
        <translation>Dessiner</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="51"/>
        <source>Drag a rectangle on the map</source>
        <translation>Tracez un rectangle sur la carte</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="53"/>
        <source>Click the corners on the map; right-click closes the polygon</source>
        <translation>Cliquez les sommets sur la carte ; un clic droit ferme le polygone</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="56"/>
        <source>The polygon layer whose selected features make the area</source>
        <translation>La couche de polygones dont les entités sélectionnées forment la zone</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="83"/>
        <source>Web layer resolution</source>
        <translation>Résolution des couches web</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="88"/>
        <source> m/pixel</source>
        <translation> m/pixel</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="89"/>
        <source>XYZ, WMS and other web layers are rendered for the area at this ground resolution before the model reads them.</source>
        <translation>Les couches XYZ, WMS et autres couches web sont rendues pour la zone à cette résolution au sol avant que le modèle ne les lise.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/dock/dock_widget.py" line="56"/>
        <source>%n feature(s) found</source>
        <translation>
            <numerusform>%n entité trouvée</numerusform>
            <numerusform>%n entités trouvées</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_choice.py" line="29"/>
        <source>Area: {0} × {1} {2} ({3}).</source>
        <translation>Zone : {0} × {1} {2} ({3}).</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="101"/>
        <source>custom CRS</source>
        <translation>SCR personnalisé</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="89"/>
        <source>Pick a raster layer and an area, then press Run.</source>
        <translation>Choisissez une couche raster et une zone, puis cliquez sur Lancer.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="105"/>
        <source>Raster layer</source>
        <translation>Couche raster</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="120"/>
        <source>Run</source>
        <translation>Lancer</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="88"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="122"/>
        <source>New conversation</source>
        <translation>Nouvelle conversation</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="123"/>
        <source>Forget the earlier questions about this area; the next question starts over.</source>
        <translation>Oublier les questions précédentes sur cette zone ; la prochaine question repart de zéro.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="124"/>
        <source>Save as…</source>
        <translation>Enregistrer sous…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="125"/>
        <source>Save the last result layer as GeoPackage, Shapefile, GeoJSON or FlatGeobuf.</source>
        <translation>Enregistrer la dernière couche de résultats en GeoPackage, Shapefile, GeoJSON ou FlatGeobuf.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="137"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="138"/>
        <source>What the worker wrote while this run went wrong</source>
        <translation>Ce que le processus de calcul a écrit pendant cette exécution en erreur</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="145"/>
        <source>Answer</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="147"/>
        <source>The model&apos;s answer appears here.</source>
        <translation>La réponse du modèle s'affiche ici.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_choice.py" line="87"/>
        <source>Drag a rectangle on the map.</source>
        <translation>Tracez un rectangle sur la carte.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_choice.py" line="93"/>
        <source>Click the corners of the area on the map; right-click closes the polygon.</source>
        <translation>Cliquez les sommets de la zone sur la carte ; un clic droit ferme le polygone.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="248"/>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/progress_view.py" line="48"/>
        <source>starting…</source>
        <translation>démarrage…</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/dock/progress_view.py" line="82"/>
        <source>{0}: %v of %n tile(s)</source>
        <translation>
            <numerusform>{0} : %v sur %n tuile</numerusform>
            <numerusform>{0} : %v sur %n tuiles</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="290"/>
        <source>GeoRSMLLM</source>
        <translation>GeoRSMLLM</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="293"/>
        <source>The worker wrote nothing for this run.</source>
        <translation>Le processus de calcul n'a rien écrit pour cette exécution.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="77"/>
        <source>GeoRSMLLM models</source>
        <translation>Modèles GeoRSMLLM</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="85"/>
        <source>Choose a model</source>
        <translation>Choisir un modèle</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="88"/>
        <source>Family</source>
        <translation>Famille</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="122"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="98"/>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="88"/>
        <source>Memory (4-bit)</source>
        <translation>Mémoire (4 bits)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="96"/>
        <source>Or any other Hugging Face id, e.g. Qwen/Qwen2.5-VL-7B-Instruct</source>
        <translation>Ou tout autre identifiant Hugging Face, p. ex. Qwen/Qwen2.5-VL-7B-Instruct</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="97"/>
        <source>Estimate memory</source>
        <translation>Estimer la mémoire</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="101"/>
        <source>Use this model</source>
        <translation>Utiliser ce modèle</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="119"/>
        <source>Downloaded models</source>
        <translation>Modèles téléchargés</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="122"/>
        <source>Size on disk</source>
        <translation>Taille sur le disque</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="128"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="129"/>
        <source>Delete from cache</source>
        <translation>Supprimer du cache</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="157"/>
        <source>GeoRSMLLM: models</source>
        <translation>GeoRSMLLM : modèles</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="216"/>
        <source>about {size}</source>
        <translation>environ {size}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="205"/>
        <source>Estimating the memory of {model}…</source>
        <translation>Estimation de la mémoire de {model}…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="217"/>
        <source>{model}: {size} of GPU memory for the weights in 4-bit.</source>
        <translation>{model} : {size} de mémoire GPU pour les poids en 4 bits.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="231"/>
        <source>Downloading {model}…</source>
        <translation>Téléchargement de {model}…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="245"/>
        <source>Downloading: {done} of {total}</source>
        <translation>Téléchargement : {done} sur {total}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="257"/>
        <source>The download is incomplete, missing: {files}. Download again.</source>
        <translation>Le téléchargement est incomplet, il manque : {files}. Téléchargez à nouveau.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="263"/>
        <source>{model} is downloaded and complete.</source>
        <translation>{model} est téléchargé et complet.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="288"/>
        <source>{model} deleted, {size} freed.</source>
        <translation>{model} supprimé, {size} libérés.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="46"/>
        <source>the URL must start with http:// or https://</source>
        <translation>l'adresse doit commencer par http:// ou https://</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="68"/>
        <source>the server refused the API key (HTTP {code})</source>
        <translation>le serveur a refusé la clé d'API (HTTP {code})</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="69"/>
        <source>the server answered HTTP {code}</source>
        <translation>le serveur a répondu HTTP {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="73"/>
        <source>no answer ({reason})</source>
        <translation>pas de réponse ({reason})</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="97"/>
        <source>Server reachable, {n} model(s) served.</source>
        <translation>Serveur joignable, {n} modèle(s) servi(s).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="99"/>
        <source>Server not reachable at {url}: {why}.</source>
        <translation>Serveur injoignable à {url} : {why}.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="104"/>
        <source>The server does not serve {model}; it serves: {models}.</source>
        <translation>Le serveur ne sert pas {model} ; il sert : {models}.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="113"/>
        <source>{model} is served.</source>
        <translation>{model} est servi.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="131"/>
        <source>One tile answered: “{text}”.</source>
        <translation>Une tuile a répondu : « {text} ».</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="133"/>
        <source>The one-tile test failed: {why}.</source>
        <translation>Le test sur une tuile a échoué : {why}.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="143"/>
        <source>GeoRSMLLM: checking the server</source>
        <translation>GeoRSMLLM : vérification du serveur</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="171"/>
        <source>The model the server serves; List asks the server.</source>
        <translation>Le modèle servi par le serveur ; Lister interroge le serveur.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="172"/>
        <source>List</source>
        <translation>Lister</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="178"/>
        <source>Server model</source>
        <translation>Modèle du serveur</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="180"/>
        <source>Or keep the key in QGIS&apos;s password manager (encrypted).</source>
        <translation>Ou conservez la clé dans le gestionnaire de mots de passe de QGIS (chiffré).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="181"/>
        <source>API key (QGIS)</source>
        <translation>Clé d'API (QGIS)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="182"/>
        <source>Check server</source>
        <translation>Vérifier le serveur</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="211"/>
        <source>Enter the server URL first.</source>
        <translation>Saisissez d'abord l'adresse du serveur.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="197"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="40"/>
        <source>Task</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="43"/>
        <source>Object names, separated by commas.</source>
        <translation>Noms d'objets, séparés par des virgules.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="44"/>
        <source>Objects</source>
        <translation>Objets</translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="98"/>
        <source>The chosen model cannot do this task.</source>
        <translation>Le modèle choisi ne sait pas faire cette tâche.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="42"/>
        <source>The area of interest has no valid coordinate reference system.</source>
        <translation>La zone d'intérêt n'a pas de système de coordonnées de référence valide.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="54"/>
        <source>Pick a raster layer first.</source>
        <translation>Choisissez d'abord une couche raster.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="56"/>
        <source>The layer &quot;{0}&quot; is not a raster layer.</source>
        <translation>La couche « {0} » n'est pas une couche raster.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="58"/>
        <source>The layer &quot;{0}&quot; is not valid (its source cannot be read).</source>
        <translation>La couche « {0} » n'est pas valide (sa source ne peut pas être lue).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="64"/>
        <source>The layer &quot;{0}&quot; is not a file-based raster (provider: {1}). Choose a ground resolution for web layers in the dock, or save the layer as a GeoTIFF (right-click &gt; Export &gt; Save As).</source>
        <translation>La couche « {0} » n'est pas un raster fichier (fournisseur : {1}). Choisissez une résolution au sol pour les couches web dans le panneau, ou enregistrez la couche en GeoTIFF (clic droit &gt; Exporter &gt; Enregistrer sous).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="80"/>
        <source>Select one or more polygons of the chosen polygon layer first.</source>
        <translation>Sélectionnez d'abord un ou plusieurs polygones de la couche de polygones choisie.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="81"/>
        <source>Draw a polygon on the map first (press &quot;Draw&quot;; right-click closes it).</source>
        <translation>Dessinez d'abord un polygone sur la carte (cliquez sur « Dessiner » ; un clic droit le ferme).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="83"/>
        <source>The polygon has no coordinate reference system.</source>
        <translation>Le polygone n'a pas de système de coordonnées de référence.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="108"/>
        <source>The map extent</source>
        <translation>L'emprise de la carte</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="111"/>
        <source>Draw a rectangle on the map first (press &quot;Draw&quot; next to &quot;Draw rectangle&quot;).</source>
        <translation>Dessinez d'abord un rectangle sur la carte (cliquez sur « Dessiner » à côté de « Dessiner un rectangle »).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="112"/>
        <source>The drawn rectangle</source>
        <translation>Le rectangle dessiné</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="114"/>
        <source>Unknown area-of-interest choice {0}.</source>
        <translation>Choix de zone d'intérêt inconnu {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="116"/>
        <source>{0} is empty: choose an area with a width and a height.</source>
        <translation>{0} est vide : choisissez une zone avec une largeur et une hauteur.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="118"/>
        <source>{0} has no coordinate reference system.</source>
        <translation>{0} n'a pas de système de coordonnées de référence.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="131"/>
        <source>Unknown task {0}.</source>
        <translation>Tâche inconnue {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="153"/>
        <source>Pick the after raster layer (the later date) for Change.</source>
        <translation>Choisissez la couche raster « après » (la date la plus récente) pour Changement.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="156"/>
        <source>The before and the after raster are the same file: pick the later date as after.</source>
        <translation>Les rasters « avant » et « après » sont le même fichier : choisissez la date la plus récente comme « après ».</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="158"/>
        <source>Unknown change method {0}.</source>
        <translation>Méthode de changement inconnue {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="161"/>
        <source>Method ONNX needs the change model file (.onnx).</source>
        <translation>La méthode ONNX a besoin du fichier du modèle de changement (.onnx).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="200"/>
        <source>The layer &quot;{0}&quot; is a web layer without edges: choose the map extent, a rectangle or a polygon as the area.</source>
        <translation>La couche « {0} » est une couche web sans bords : choisissez comme zone l'emprise de la carte, un rectangle ou un polygone.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="216"/>
        <source>Set a model (a Hugging Face id or a local folder) in the Model section.</source>
        <translation>Indiquez un modèle (un identifiant Hugging Face ou un dossier local) dans la section Modèle.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="218"/>
        <source>Set the server address (e.g. http://gpu-server:8000/v1) in the Model section.</source>
        <translation>Indiquez l'adresse du serveur (p. ex. http://gpu-server:8000/v1) dans la section Modèle.</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="59"/>
        <source>Ask a multimodal model about an area of a raster</source>
        <translation>Interroger un modèle multimodal sur une zone d'un raster</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="72"/>
        <source>The ground resolution must be above 0 m per pixel.</source>
        <translation>La résolution au sol doit être supérieure à 0 m par pixel.</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="74"/>
        <source>Choose an area (map extent, rectangle or polygon): a web layer has no edges to use as a whole layer.</source>
        <translation>Choisissez une zone (emprise de la carte, rectangle ou polygone) : une couche web n'a pas de bords à utiliser comme couche entière.</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="83"/>
        <source>The area of interest is outside the layer &quot;{0}&quot;.</source>
        <translation>La zone d'intérêt est en dehors de la couche « {0} ».</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="89"/>
        <source>At {0} m per pixel this area is {1} × {2} pixels: choose a coarser resolution or a smaller area.</source>
        <translation>À {0} m par pixel, cette zone fait {1} × {2} pixels : choisissez une résolution plus grossière ou une zone plus petite.</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="97"/>
        <source>The layer &quot;{0}&quot; cannot be read for rendering.</source>
        <translation>La couche « {0} » ne peut pas être lue pour le rendu.</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="104"/>
        <source>Rendering the layer &quot;{0}&quot; failed (writer error {1}).</source>
        <translation>Le rendu de la couche « {0} » a échoué (erreur d'écriture {1}).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="42"/>
        <source>Checking the Python</source>
        <translation>Vérification du Python</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="71"/>
        <source>CUDA: yes, {gpu}</source>
        <translation>CUDA : oui, {gpu}</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="73"/>
        <source>, {free:.1f} GiB free</source>
        <translation>, {free:.1f} Gio libres</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="76"/>
        <source>CUDA: no, models run on the CPU (slow).</source>
        <translation>CUDA : non, les modèles tournent sur le processeur (lent).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="79"/>
        <source>Missing: {names}. This Python cannot run the backend; create the environment above instead.</source>
        <translation>Manquant : {names}. Ce Python ne peut pas faire tourner le moteur ; créez plutôt l'environnement ci-dessus.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="67"/>
        <source>GeoRSMLLM set-up</source>
        <translation>Installation de GeoRSMLLM</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="76"/>
        <source>Create the backend environment (recommended)</source>
        <translation>Créer l'environnement du moteur (recommandé)</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="84"/>
        <source>The folder the environment is created in (in your QGIS profile).</source>
        <translation>Le dossier où l'environnement est créé (dans votre profil QGIS).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="87"/>
        <source>Create environment</source>
        <translation>Créer l'environnement</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="96"/>
        <source>Not started.</source>
        <translation>Pas commencé.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="105"/>
        <source>Or use an existing Python</source>
        <translation>Ou utiliser un Python existant</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="109"/>
        <source>Path of a Python that has torch, transformers and rasterio</source>
        <translation>Chemin d'un Python qui a torch, transformers et rasterio</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="112"/>
        <source>Check</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="117"/>
        <source>Not checked yet.</source>
        <translation>Pas encore vérifié.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="134"/>
        <source>macOS: torch from PyPI (no CUDA on macOS; the CPU runs the models).</source>
        <translation>macOS : torch depuis PyPI (pas de CUDA sous macOS ; le processeur fait tourner les modèles).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="136"/>
        <source>NVIDIA GPU found (driver supports CUDA {major}.{minor}): torch for CUDA ({wheel}) will be installed.</source>
        <translation>GPU NVIDIA trouvé (le pilote prend en charge CUDA {major}.{minor}) : torch pour CUDA ({wheel}) sera installé.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="139"/>
        <source>No NVIDIA GPU found: the CPU build of torch will be installed (models run slowly on the CPU).</source>
        <translation>Aucun GPU NVIDIA trouvé : la version processeur de torch sera installée (les modèles tournent lentement sur le processeur).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="151"/>
        <source>Choose a folder for the environment first.</source>
        <translation>Choisissez d'abord un dossier pour l'environnement.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="164"/>
        <source>GeoRSMLLM: creating the backend environment</source>
        <translation>GeoRSMLLM : création de l'environnement du moteur</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="185"/>
        <source>The backend environment is ready: {python}</source>
        <translation>L'environnement du moteur est prêt : {python}</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="195"/>
        <source>This file does not exist.</source>
        <translation>Ce fichier n'existe pas.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="198"/>
        <source>GeoRSMLLM: checking a Python</source>
        <translation>GeoRSMLLM : vérification d'un Python</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="209"/>
        <source>This Python cannot run the backend: {why}</source>
        <translation>Ce Python ne peut pas faire tourner le moteur : {why}</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="216"/>
        <source>Backend Python</source>
        <translation>Python du moteur</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="17"/>
        <source>Ask a question</source>
        <translation>Poser une question</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="18"/>
        <source>Describe the area (tile by tile)</source>
        <translation>Décrire la zone (tuile par tuile)</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="19"/>
        <source>Detect objects</source>
        <translation>Détecter des objets</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="20"/>
        <source>Count objects</source>
        <translation>Compter des objets</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="21"/>
        <source>Find one object</source>
        <translation>Trouver un objet</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="96"/>
        <source>Find</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="23"/>
        <source>Change between two dates</source>
        <translation>Changement entre deux dates</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="32"/>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="30"/>
        <source>Instruction (optional)</source>
        <translation>Consigne (facultative)</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="31"/>
        <source>…or a referring expression</source>
        <translation>…ou une expression désignant l'objet</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="33"/>
        <source>Referring expression</source>
        <translation>Expression désignant l'objet</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="34"/>
        <source>What to look for</source>
        <translation>Ce qu'il faut chercher</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="35"/>
        <source>Question (optional)</source>
        <translation>Question (facultative)</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="41"/>
        <source>Type a question first.</source>
        <translation>Saisissez d'abord une question.</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="42"/>
        <source>Type the objects to detect (e.g. &quot;ship, storage tank&quot;) or a referring expression.</source>
        <translation>Saisissez les objets à détecter (p. ex. « navire, réservoir ») ou une expression désignant l'objet.</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="43"/>
        <source>Type what to count (e.g. &quot;ship&quot;) or a question such as &quot;How many ships?&quot;.</source>
        <translation>Saisissez ce qu'il faut compter (p. ex. « navire ») ou une question comme « Combien de navires ? ».</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="44"/>
        <source>Describe the object to find (e.g. &quot;the large white building next to the pool&quot;).</source>
        <translation>Décrivez l'objet à trouver (p. ex. « le grand bâtiment blanc à côté de la piscine »).</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="45"/>
        <source>Type what to look for (e.g. &quot;solar farm&quot;), or draw a query rectangle.</source>
        <translation>Saisissez ce qu'il faut chercher (p. ex. « centrale solaire »), ou dessinez un rectangle de requête.</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="61"/>
        <source>Internal error in the plugin: {0}: {1} (details in the GeoRSMLLM log).</source>
        <translation>Erreur interne de l'extension : {0} : {1} (détails dans le journal GeoRSMLLM).</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="172"/>
        <source>Asking {0} ({1})…</source>
        <translation>Interrogation de {0} ({1})…</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="196"/>
        <source>New conversation: the next question about this area starts over.</source>
        <translation>Nouvelle conversation : la prochaine question sur cette zone repart de zéro.</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="205"/>
        <source>Save the result layer</source>
        <translation>Enregistrer la couche de résultats</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="216"/>
        <source>No result layer to save: it was removed from the project.</source>
        <translation>Aucune couche de résultats à enregistrer : elle a été retirée du projet.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/controller.py" line="223"/>
        <source>Saved %n feature(s) to {0}.</source>
        <translation>
            <numerusform>%n entité enregistrée dans {0}.</numerusform>
            <numerusform>%n entités enregistrées dans {0}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="224"/>
        <source>Saved to {0}.</source>
        <translation>Enregistré dans {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="341"/>
        <source>Cancelled. Nothing was written.</source>
        <translation>Annulé. Rien n'a été écrit.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/controller.py" line="310"/>
        <source> (%n warning(s), see the log)</source>
        <translation>
            <numerusform> (%n avertissement, voir le journal)</numerusform>
            <numerusform> (%n avertissements, voir le journal)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="314"/>
        <source>Done. The answer was added to the layer &quot;{0}&quot;{1}.</source>
        <translation>Terminé. La réponse a été ajoutée à la couche « {0} »{1}.</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="315"/>
        <source>Answer added to &quot;{0}&quot; ({1}).</source>
        <translation>Réponse ajoutée à « {0} » ({1}).</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="331"/>
        <source>The job failed: {0}</source>
        <translation>La tâche a échoué : {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="357"/>
        <source>The worker is not running.</source>
        <translation>Le processus de calcul ne tourne pas.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="76"/>
        <source>Models…</source>
        <translation>Modèles…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="77"/>
        <source>Choose, download or delete models</source>
        <translation>Choisir, télécharger ou supprimer des modèles</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="129"/>
        <source>Set-up…</source>
        <translation>Installation…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="130"/>
        <source>Create the backend environment, or choose an existing Python</source>
        <translation>Créer l'environnement du moteur, ou choisir un Python existant</translation>
    </message>
    <message>
        <location filename="../plugin/setup/dialogs.py" line="41"/>
        <source>The backend is not set up yet: models cannot run.</source>
        <translation>Le moteur n'est pas encore installé : les modèles ne peuvent pas tourner.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/dialogs.py" line="42"/>
        <source>Set up now…</source>
        <translation>Installer maintenant…</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="88"/>
        <source>Nothing found in &quot;{0}&quot;.</source>
        <translation>Rien trouvé dans « {0} ».</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="90"/>
        <source>{0} in &quot;{1}&quot;.</source>
        <translation>{0} dans « {1} ».</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="107"/>
        <source> after {0} of %n tile(s)</source>
        <translation>
            <numerusform> après {0} sur %n tuile</numerusform>
            <numerusform> après {0} sur %n tuiles</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="112"/>
        <source>Cancelled{0}. Nothing was found before the cancel; no layer was kept.</source>
        <translation>Annulé{0}. Rien n'a été trouvé avant l'annulation ; aucune couche n'a été conservée.</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="126"/>
        <source> Saved in {0}.</source>
        <translation> Enregistré dans {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="128"/>
        <source> They are kept in memory only: {0}</source>
        <translation> Elles sont conservées en mémoire seulement : {0}</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="131"/>
        <source> in &quot;{0}&quot;</source>
        <translation> dans « {0} »</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="133"/>
        <source>{0} The %n feature(s) found before are kept{1}.{2}</source>
        <translation>
            <numerusform>{0} L'entité trouvée avant est conservée{1}.{2}</numerusform>
            <numerusform>{0} Les %n entités trouvées avant sont conservées{1}.{2}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="142"/>
        <source>Cancelled{0}. The %n feature(s) found so far are kept{1}.{2}</source>
        <translation>
            <numerusform>Annulé{0}. L'entité trouvée jusqu'ici est conservée{1}.{2}</numerusform>
            <numerusform>Annulé{0}. Les %n entités trouvées jusqu'ici sont conservées{1}.{2}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="153"/>
        <source>{0} %n feature(s){1}.{2}</source>
        <translation>
            <numerusform>{0} %n entité{1}.{2}</numerusform>
            <numerusform>{0} %n entités{1}.{2}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="157"/>
        <source> %n tile(s) had an unreadable answer (see the log).</source>
        <translation>
            <numerusform> %n tuile a donné une réponse illisible (voir le journal).</numerusform>
            <numerusform> %n tuiles ont donné une réponse illisible (voir le journal).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="158"/>
        <source>Done. %n feature(s){0}.{1}{2}</source>
        <translation>
            <numerusform>Terminé. %n entité{0}.{1}{2}</numerusform>
            <numerusform>Terminé. %n entités{0}.{1}{2}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="109"/>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="185"/>
        <source>(Estimate memory)</source>
        <translation>(Estimer la mémoire)</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/dock/progress_view.py" line="61"/>
        <source> · {0} of %n token(s)</source>
        <translation>
            <numerusform> · {0} sur %n jeton</numerusform>
            <numerusform> · {0} sur %n jetons</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/progress_view.py" line="88"/>
        <source>{0} elapsed</source>
        <translation>{0} écoulé</translation>
    </message>
    <message>
        <location filename="../plugin/dock/progress_view.py" line="90"/>
        <source> · about {0} left</source>
        <translation> · environ {0} restant</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="60"/>
        <source>No backend can run the models yet.</source>
        <translation>Aucun moteur ne peut encore faire tourner les modèles.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="60"/>
        <source>Set up the backend…</source>
        <translation>Installer le moteur…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="66"/>
        <source>no model chosen</source>
        <translation>aucun modèle choisi</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="68"/>
        <source>Runs {0} on the server {1}; nothing is downloaded here.</source>
        <translation>Fait tourner {0} sur le serveur {1} ; rien n'est téléchargé ici.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="68"/>
        <source>(no address yet)</source>
        <translation>(pas encore d'adresse)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="71"/>
        <source>Runs {0} on this computer ({1}, {2})</source>
        <translation>Fait tourner {0} sur cet ordinateur ({1}, {2})</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="74"/>
        <source>; the model is read from its folder.</source>
        <translation> ; le modèle est lu depuis son dossier.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="76"/>
        <source>; the first run downloads about {0} GB (kept for later runs).</source>
        <translation> ; la première exécution télécharge environ {0} Go (conservés pour les suivantes).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="77"/>
        <source>; the first run downloads the model (kept for later runs).</source>
        <translation> ; la première exécution télécharge le modèle (conservé pour les suivantes).</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="28"/>
        <source>4-bit quantization (nf4) in the Model section</source>
        <translation>la quantification 4 bits (nf4) dans la section Modèle</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="29"/>
        <source>a smaller model</source>
        <translation>un modèle plus petit</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="30"/>
        <source>a smaller area</source>
        <translation>une zone plus petite</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="32"/>
        <source>the CPU device (slower, uses the computer&apos;s memory)</source>
        <translation>le processeur (plus lent, utilise la mémoire de l'ordinateur)</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="33"/>
        <source>Try {0}.</source>
        <translation>Essayez {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="33"/>
        <source>, or </source>
        <translation>, ou </translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="43"/>
        <source>The model ran out of memory.</source>
        <translation>Le modèle a manqué de mémoire.</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="50"/>
        <source>The server engine does not run the model here</source>
        <translation>Avec un serveur, le modèle ne tourne pas ici</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="52"/>
        <source>the model in the Model section</source>
        <translation>le modèle dans la section Modèle</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="53"/>
        <source>the server address (Model section)</source>
        <translation>l'adresse du serveur (section Modèle)</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="54"/>
        <source>the model (Model section)</source>
        <translation>le modèle (section Modèle)</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="55"/>
        <source>(Set-up… in the dock)</source>
        <translation>(Installation… dans le panneau)</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="56"/>
        <source>the Set-up page</source>
        <translation>la page d'installation</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="156"/>
        <source>Only {free:.1f} GB are free on that disk; the environment needs about {need:.0f} GB. Free some space or choose a folder on another disk.</source>
        <translation>Seulement {free:.1f} Go libres sur ce disque ; l'environnement a besoin d'environ {need:.0f} Go. Libérez de la place ou choisissez un dossier sur un autre disque.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="29"/>
        <source>The disk is full: free some space (torch alone needs about 3 GB) and try again.</source>
        <translation>Le disque est plein : libérez de la place (torch seul a besoin d'environ 3 Go) et réessayez.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="31"/>
        <source>The packages could not be downloaded: this computer cannot reach the package index. Check the network or proxy and try again.</source>
        <translation>Les paquets n'ont pas pu être téléchargés : cet ordinateur ne joint pas l'index des paquets. Vérifiez le réseau ou le proxy et réessayez.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="36"/>
        <source>pip failed: {errors}</source>
        <translation>pip a échoué : {errors}</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="37"/>
        <source>The step failed with exit status {code}.</source>
        <translation>L'étape a échoué avec le code de sortie {code}.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="109"/>
        <source>The set-up stopped.</source>
        <translation>L'installation s'est arrêtée.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="22"/>
        <source>Pixel difference (no model)</source>
        <translation>Différence de pixels (sans modèle)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="22"/>
        <source>ONNX change model</source>
        <translation>Modèle de changement ONNX</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="22"/>
        <source>Pixel difference, checked by the model</source>
        <translation>Différence de pixels, vérifiée par le modèle</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="40"/>
        <source>The later date. The raster layer at the top of the dock is the before date.</source>
        <translation>La date la plus récente. La couche raster en haut du panneau est la date « avant ».</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="41"/>
        <source>After raster</source>
        <translation>Raster « après »</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="45"/>
        <source>Pixel difference: change vector analysis after a radiometric normalisation, no model. ONNX: your change network. Checked by the model: the model drops tiles where nothing really changed.</source>
        <translation>Différence de pixels : analyse du vecteur de changement après une normalisation radiométrique, sans modèle. ONNX : votre réseau de détection de changements. Vérifiée par le modèle : le modèle écarte les tuiles où rien n'a vraiment changé.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="51"/>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="52"/>
        <source>ONNX model</source>
        <translation>Modèle ONNX</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="54"/>
        <source>ONNX models (*.onnx)</source>
        <translation>Modèles ONNX (*.onnx)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="60"/>
        <source>9 pixels</source>
        <translation>9 pixels</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="61"/>
        <source>Smaller changes are dropped (0: nine pixels of the rasters).</source>
        <translation>Les changements plus petits sont écartés (0 : neuf pixels des rasters).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="62"/>
        <source>Minimum area</source>
        <translation>Surface minimale</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="66"/>
        <source>The model says what changed in this many of the largest changes (0: none).</source>
        <translation>Le modèle décrit ce qui a changé dans ce nombre des plus grands changements (0 : aucun).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="67"/>
        <source>Describe largest</source>
        <translation>Décrire les plus grands</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="32"/>
        <source>How many best-matching tiles the Find layer keeps.</source>
        <translation>Combien de tuiles les plus ressemblantes la couche Rechercher conserve.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="33"/>
        <source>Best tiles</source>
        <translation>Meilleures tuiles</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="35"/>
        <source>Image-text encoder: a CLIP or SigLIP Hugging Face id or folder (exported to ONNX on first use), or an exported ONNX folder.</source>
        <translation>Encodeur image-texte : un identifiant ou dossier Hugging Face CLIP ou SigLIP (exporté en ONNX à la première utilisation), ou un dossier ONNX déjà exporté.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="41"/>
        <source>Encoder</source>
        <translation>Encodeur</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="50"/>
        <source>Ask the model of the Model section about each best tile (&quot;Is there a … in this image?&quot;) and locate it where it says yes.</source>
        <translation>Interroger le modèle de la section Modèle sur chaque meilleure tuile (« Y a-t-il un … dans cette image ? ») et le localiser là où il répond oui.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="90"/>
        <source>Draw a rectangle around an example first (&quot;Draw&quot;).</source>
        <translation>Dessinez d'abord un rectangle autour d'un exemple (« Dessiner »).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="46"/>
        <source>Local model (transformers)</source>
        <translation>Modèle local (transformers)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="47"/>
        <source>OpenAI-compatible server</source>
        <translation>Serveur compatible OpenAI</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="48"/>
        <source>Run the model on this computer, or ask a server (vLLM, Ollama, llama.cpp, LM Studio) that serves it to the whole team.</source>
        <translation>Faire tourner le modèle sur cet ordinateur, ou interroger un serveur (vLLM, Ollama, llama.cpp, LM Studio) qui le sert à toute l'équipe.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="54"/>
        <source>Engine</source>
        <translation>Moteur d'inférence</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="57"/>
        <source>Base URL of the OpenAI-compatible API (ends in /v1).</source>
        <translation>Adresse de base de l'API compatible OpenAI (se termine par /v1).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="58"/>
        <source>Server URL</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="60"/>
        <source>e.g. OPENAI_API_KEY (empty: no key)</source>
        <translation>p. ex. OPENAI_API_KEY (vide : pas de clé)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="61"/>
        <source>Name of the environment variable that holds the server&apos;s API key. The key itself is never stored in the settings or the project.</source>
        <translation>Nom de la variable d'environnement qui contient la clé d'API du serveur. La clé elle-même n'est jamais enregistrée dans les paramètres ni dans le projet.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="67"/>
        <source>API key variable</source>
        <translation>Variable de la clé d'API</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="219"/>
        <source>A Hugging Face model id (downloaded to the cache on first use) or a local folder.</source>
        <translation>Un identifiant de modèle Hugging Face (téléchargé dans le cache à la première utilisation) ou un dossier local.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="74"/>
        <source>Choose a local model folder</source>
        <translation>Choisir un dossier de modèle local</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="83"/>
        <source>automatic (from the model)</source>
        <translation>automatique (d'après le modèle)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="86"/>
        <source>Decides the prompts and how boxes are read from answers; automatic reads the model&apos;s config or name.</source>
        <translation>Détermine les consignes et la lecture des boîtes dans les réponses ; automatique lit la configuration ou le nom du modèle.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="92"/>
        <source>auto: the GPU (CUDA) when there is one, else the CPU.</source>
        <translation>auto : le GPU (CUDA) s'il y en a un, sinon le processeur.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="220"/>
        <source>Device</source>
        <translation>Processeur de calcul</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="96"/>
        <source>nf4: the language model in 4-bit, the vision tower, projector and output head in 16-bit (default); int8: the same with 8-bit; nf4-all: everything 4-bit, for the smallest GPUs, lower image understanding; none: full precision.</source>
        <translation>nf4 : le modèle de langage en 4 bits, la tour de vision, le projecteur et la tête de sortie en 16 bits (par défaut) ; int8 : la même chose en 8 bits ; nf4-all : tout en 4 bits, pour les plus petits GPU, moins bonne compréhension des images ; none : pleine précision.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="228"/>
        <source>Quantization</source>
        <translation>Quantification</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="107"/>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="110"/>
        <source>Max. answer tokens</source>
        <translation>Jetons de réponse max.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="113"/>
        <source>Tiles per model call. Larger is faster on a big GPU; halved automatically when the GPU runs out of memory.</source>
        <translation>Tuiles par appel du modèle. Plus c'est grand, plus c'est rapide sur un gros GPU ; divisé par deux automatiquement quand le GPU manque de mémoire.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="119"/>
        <source>Tiles per batch</source>
        <translation>Tuiles par lot</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="122"/>
        <source>The Python of the backend environment (torch, transformers, rasterio).</source>
        <translation>Le Python de l'environnement du moteur (torch, transformers, rasterio).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="127"/>
        <source>GeoPackage the Captions layer is written to; empty: beside the project.</source>
        <translation>Le GeoPackage où la couche Légendes est écrite ; vide : à côté du projet.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="128"/>
        <source>Results</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="132"/>
        <source>Check backend</source>
        <translation>Vérifier le moteur</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="133"/>
        <source>Backend not checked yet.</source>
        <translation>Moteur pas encore vérifié.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="219"/>
        <source>The model name the server serves (GET /v1/models lists them).</source>
        <translation>Le nom du modèle servi par le serveur (GET /v1/models les liste).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="248"/>
        <source>Model folder</source>
        <translation>Dossier du modèle</translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="59"/>
        <source>Two fields would both be called {0} in a Shapefile; save as GeoPackage instead.</source>
        <translation>Deux champs s'appelleraient tous deux {0} dans un Shapefile ; enregistrez plutôt en GeoPackage.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="75"/>
        <source>Cannot save as {0}: use one of {1}.</source>
        <translation>Impossible d'enregistrer en {0} : utilisez l'un de {1}.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="75"/>
        <source>a file without extension</source>
        <translation>un fichier sans extension</translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="97"/>
        <source>Could not save {0} to {1}: {2}</source>
        <translation>Impossible d'enregistrer {0} dans {1} : {2}</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="90"/>
        <source>The worker&apos;s result has no valid CRS (crs_wkt); nothing was written.</source>
        <translation>Le résultat du processus de calcul n'a pas de SCR valide (crs_wkt) ; rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="111"/>
        <source>{0} exists but is not a GeoPackage GDAL can open; choose another results file.</source>
        <translation>{0} existe mais n'est pas un GeoPackage que GDAL peut ouvrir ; choisissez un autre fichier de résultats.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="146"/>
        <source>Could not create table {0} in {1}: {2}</source>
        <translation>Impossible de créer la table {0} dans {1} : {2}</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="190"/>
        <source>The worker&apos;s result holds no answer; nothing was written.</source>
        <translation>Le résultat du processus de calcul ne contient pas de réponse ; rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="206"/>
        <source>The worker&apos;s result has no area polygon (aoi_wkt); nothing was written.</source>
        <translation>Le résultat du processus de calcul n'a pas de polygone de zone (aoi_wkt) ; rien n'a été écrit.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="217"/>
        <source>Could not open table {0} of {1}.</source>
        <translation>Impossible d'ouvrir la table {0} de {1}.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="228"/>
        <source>Could not add the caption to {0} ({1}): {2}</source>
        <translation>Impossible d'ajouter la légende à {0} ({1}) : {2}</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/layers/streamed_layers.py" line="179"/>
        <source>Could not add %n feature(s) to the layer {0}.</source>
        <translation>
            <numerusform>Impossible d'ajouter %n entité à la couche {0}.</numerusform>
            <numerusform>Impossible d'ajouter %n entités à la couche {0}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="236"/>
        <source>Could not save the layer {0} to {1}: {2}</source>
        <translation>Impossible d'enregistrer la couche {0} dans {1} : {2}</translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="241"/>
        <source>Saved {0} to {1} ({2}) but could not reopen it.</source>
        <translation>{0} enregistrée dans {1} ({2}) mais impossible de la rouvrir.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="373"/>
        <source>Find heat map – {0}</source>
        <translation>Carte de chaleur Rechercher – {0}</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="41"/>
        <source>{0} × {1}</source>
        <translation>{0} × {1}</translation>
    </message>
    <message>
        <location filename="../plugin/worker/launch.py" line="57"/>
        <source>No backend Python is set. Set it in the dock's Model section, or create one with Set-up….</source>
        <translation>Aucun Python du moteur n'est défini. Indiquez-le dans la section Modèle du panneau, ou créez-en un avec Installation….</translation>
    </message>
    <message>
        <location filename="../plugin/worker/launch.py" line="59"/>
        <source>The backend Python {0} does not exist. Create the backend environment (Set-up… in the dock's Model section) or set its Python there.</source>
        <translation>Le Python du moteur {0} n'existe pas. Créez l'environnement du moteur (Installation… dans la section Modèle du panneau) ou indiquez-y son Python.</translation>
    </message>
    <message>
        <location filename="../plugin/worker/launch.py" line="64"/>
        <source>The backend Python {0} is not executable.</source>
        <translation>Le Python du moteur {0} n'est pas exécutable.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="43"/>
        <source>All project rasters</source>
        <translation>Tous les rasters du projet</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="44"/>
        <source>Search every raster layer of the project, not only the one chosen above.</source>
        <translation>Chercher dans toutes les couches raster du projet, pas seulement celle choisie plus haut.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="45"/>
        <source>More like this</source>
        <translation>Plus de semblables</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="46"/>
        <source>The drawn rectangle is the query: draw it around an example; Find ranks the tiles that look like it.</source>
        <translation>Le rectangle dessiné est la requête : dessinez-le autour d'un exemple ; Rechercher classe les tuiles qui lui ressemblent.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="49"/>
        <source>Confirm with the model</source>
        <translation>Confirmer avec le modèle</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithm.py" line="36"/>
        <source>Cancelled; %n feature(s) written before.</source>
        <translation>
            <numerusform>Annulé ; %n entité écrite auparavant.</numerusform>
            <numerusform>Annulé ; %n entités écrites auparavant.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithm.py" line="109"/>
        <source>Run {0} of {1}: {2}</source>
        <translation>Exécution {0} sur {1} : {2}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="22"/>
        <source>Asks the model one question about the area and writes its answer as one feature: the area&apos;s polygon with the answer, the question and the model.</source>
        <translation>Pose une question au modèle sur la zone et écrit sa réponse comme une entité : le polygone de la zone avec la réponse, la question et le modèle.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="26"/>
        <source>Describes the area tile by tile (one caption per tile), then writes one summary of the whole area that the model writes from an overview image and the tile captions.</source>
        <translation>Décrit la zone tuile par tuile (une description par tuile), puis écrit un résumé de toute la zone, rédigé par le modèle à partir d'une image d'ensemble et des descriptions des tuiles.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="30"/>
        <source>Finds objects by name (LABELS) or by a referring expression, tile by tile over a raster of any size; boxes are merged across tile edges and written as polygons with label and score.</source>
        <translation>Trouve des objets par leur nom (LABELS) ou par une expression désignant l'objet, tuile par tuile sur un raster de toute taille ; les boîtes sont fusionnées par-delà les bords des tuiles et écrites comme polygones avec libellé et score.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="34"/>
        <source>Counts objects (&quot;How many ships?&quot; or LABELS): the boxes counted are the evidence layer, the count per label is one answer feature over the area.</source>
        <translation>Compte des objets (« Combien de navires ? » ou LABELS) : les boîtes comptées forment la couche de preuves, le compte par libellé est une entité de réponse sur la zone.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="38"/>
        <source>Finds the one object a referring expression names and writes its box (or nothing, and says so, when the model finds none).</source>
        <translation>Trouve l'objet unique que désigne une expression et écrit sa boîte (ou rien, en le signalant, quand le modèle n'en trouve aucun).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="42"/>
        <source>Ranks the tiles of the raster by how well they match a text, with an image-text encoder (no language model needed), and writes the best tiles.</source>
        <translation>Classe les tuiles du raster selon leur correspondance à un texte, avec un encodeur image-texte (aucun modèle de langage nécessaire), et écrit les meilleures tuiles.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="46"/>
        <source>Finds what changed between the raster (before) and the raster of a later date (AFTER), and writes the changed areas as polygons.</source>
        <translation>Trouve ce qui a changé entre le raster (avant) et le raster d'une date ultérieure (AFTER), et écrit les zones modifiées comme polygones.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="56"/>
        <source>the raster, a file GDAL reads (GeoTIFF, VRT, JPEG 2000...); its CRS is the output&apos;s</source>
        <translation>le raster, un fichier que GDAL sait lire (GeoTIFF, VRT, JPEG 2000...) ; son SCR est celui de la sortie</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="57"/>
        <source>only this rectangle (any CRS); default: the whole layer</source>
        <translation>seulement ce rectangle (dans n'importe quel SCR) ; par défaut : toute la couche</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="58"/>
        <source>polygons to work in; features found are cut to them</source>
        <translation>les polygones où travailler ; les entités trouvées y sont découpées</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="59"/>
        <source>with several AOI polygons: one run per polygon, or one run over their union</source>
        <translation>avec plusieurs polygones de zone d'intérêt : une exécution par polygone, ou une exécution sur leur union</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="60"/>
        <source>the question (or, to describe an area, your own instruction)</source>
        <translation>la question (ou, pour décrire une zone, votre propre consigne)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="61"/>
        <source>a referring expression, e.g. &quot;the large white building next to the pool&quot;</source>
        <translation>une expression désignant l'objet, p. ex. « le grand bâtiment blanc à côté de la piscine »</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="62"/>
        <source>object names, comma separated, e.g. &quot;ship, storage tank&quot; (win over an expression)</source>
        <translation>noms d'objets, séparés par des virgules, p. ex. « navire, réservoir » (priment sur une expression)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="63"/>
        <source>a Hugging Face id (Qwen/Qwen2.5-VL-3B-Instruct), a local model folder, or the model name a server serves</source>
        <translation>un identifiant Hugging Face (Qwen/Qwen2.5-VL-3B-Instruct), un dossier de modèle local, ou le nom du modèle servi par un serveur</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="66"/>
        <source>how the model is prompted and its coordinates read; inferred from the model when not set</source>
        <translation>comment le modèle est interrogé et ses coordonnées lues ; déduite du modèle si elle n'est pas indiquée</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="67"/>
        <source>an OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio), e.g. http://gpu-box:8000/v1; empty: the local model in the plugin&apos;s backend environment</source>
        <translation>un serveur compatible OpenAI (vLLM, Ollama, llama.cpp, LM Studio), p. ex. http://gpu-box:8000/v1 ; vide : le modèle local dans l'environnement du moteur de l'extension</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="71"/>
        <source>the NAME of the environment variable that holds the server&apos;s API key (never the key)</source>
        <translation>le NOM de la variable d'environnement qui contient la clé d'API du serveur (jamais la clé elle-même)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="72"/>
        <source>auto (CUDA when there), cuda or cpu, for the local model</source>
        <translation>auto (CUDA s'il est disponible), cuda ou cpu, pour le modèle local</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="73"/>
        <source>nf4 (4-bit, default), int8, nf4-all or none, for the local model</source>
        <translation>nf4 (4 bits, par défaut), int8, nf4-all ou none, pour le modèle local</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="74"/>
        <source>pixels per tile side fed to the model; empty: the family&apos;s input size</source>
        <translation>pixels par côté de tuile fournis au modèle ; vide : la taille d'entrée de la famille</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="75"/>
        <source>share of a tile side that neighbouring tiles overlap (objects cut by an edge are joined)</source>
        <translation>part d'un côté de tuile sur laquelle les tuiles voisines se chevauchent (les objets coupés par un bord sont réunis)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="76"/>
        <source>metres per pixel to resample tiles to; empty: the raster&apos;s own resolution</source>
        <translation>mètres par pixel auxquels rééchantillonner les tuiles ; vide : la résolution propre du raster</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="77"/>
        <source>the longest answer the model may write</source>
        <translation>la réponse la plus longue que le modèle peut écrire</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="78"/>
        <source>the raster of the later date</source>
        <translation>le raster de la date ultérieure</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="79"/>
        <source>diff (pixel statistics), onnx (a change model) or vlm (the language model confirms)</source>
        <translation>diff (statistiques des pixels), onnx (un modèle de changement) ou vlm (le modèle de langage confirme)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="80"/>
        <source>changes smaller than this many square metres are dropped</source>
        <translation>les changements de moins de ce nombre de mètres carrés sont écartés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="81"/>
        <source>for method onnx: a change network with inputs before and after, [N, 3, H, W] float32 R, G, B in 0..1, and a change probability [N, 1, H, W] as output</source>
        <translation>pour la méthode onnx : un réseau de changement avec les entrées before et after, [N, 3, H, W] float32 R, V, B dans 0..1, et une probabilité de changement [N, 1, H, W] en sortie</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="85"/>
        <source>how many of the largest changes the language model describes (before and after side by side)</source>
        <translation>combien des plus grands changements le modèle de langage décrit (avant et après côte à côte)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="86"/>
        <source>how many of the best tiles are kept</source>
        <translation>combien des meilleures tuiles sont conservées</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="87"/>
        <source>ask the language model whether each kept tile really shows it</source>
        <translation>demander au modèle de langage si chaque tuile conservée le montre vraiment</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="88"/>
        <source>the image-text encoder (CLIP or SigLIP): a Hugging Face id, a model folder, or a folder exported to ONNX</source>
        <translation>l'encodeur image-texte (CLIP ou SigLIP) : un identifiant Hugging Face, un dossier de modèle, ou un dossier exporté en ONNX</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="91"/>
        <source>the layer written (GeoPackage, Shapefile, GeoJSON, memory...), with the dock&apos;s attributes</source>
        <translation>la couche écrite (GeoPackage, Shapefile, GeoJSON, mémoire...), avec les attributs du panneau</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="123"/>
        <source>Layers written: {0}. The model runs in the plugin&apos;s worker process (its backend environment), as for the dock; Cancel keeps what was found.</source>
        <translation>Couches écrites : {0}. Le modèle tourne dans le processus de calcul de l'extension (son environnement de moteur), comme pour le panneau ; Annuler conserve ce qui a été trouvé.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="68"/>
        <source>one run per feature</source>
        <translation>une exécution par entité</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="68"/>
        <source>one run over their union</source>
        <translation>une exécution sur leur union</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="72"/>
        <source>(inferred from the model)</source>
        <translation>(déduite du modèle)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="99"/>
        <source>Raster of the later date</source>
        <translation>Raster de la date ultérieure</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="101"/>
        <source>How change is told</source>
        <translation>Méthode de détection du changement</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="102"/>
        <source>Smallest change (m²)</source>
        <translation>Plus petit changement (m²)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="105"/>
        <source>Change model (.onnx, for method onnx)</source>
        <translation>Modèle de changement (.onnx, pour la méthode onnx)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="110"/>
        <source>Largest changes the model describes</source>
        <translation>Plus grands changements décrits par le modèle</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="133"/>
        <source>Best tiles to keep</source>
        <translation>Meilleures tuiles à conserver</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="136"/>
        <source>Ask the model to confirm each tile</source>
        <translation>Demander au modèle de confirmer chaque tuile</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="139"/>
        <source>Image-text encoder (hub id, model folder or exported ONNX folder)</source>
        <translation>Encodeur image-texte (identifiant du hub, dossier de modèle ou dossier ONNX exporté)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="167"/>
        <source>Raster layer (a file GDAL reads)</source>
        <translation>Couche raster (un fichier que GDAL sait lire)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="168"/>
        <source>Extent (default: the whole layer)</source>
        <translation>Emprise (par défaut : toute la couche)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="169"/>
        <source>Areas of interest (polygons)</source>
        <translation>Zones d'intérêt (polygones)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="172"/>
        <source>With several AOI polygons</source>
        <translation>Avec plusieurs polygones de zone d'intérêt</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="188"/>
        <source>Object names, comma separated</source>
        <translation>Noms d'objets, séparés par des virgules</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="189"/>
        <source>Model (hub id, local folder or served name)</source>
        <translation>Modèle (identifiant du hub, dossier local ou nom servi)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="195"/>
        <source>Model family</source>
        <translation>Famille du modèle</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="204"/>
        <source>OpenAI-compatible server URL (empty: the local model)</source>
        <translation>Adresse du serveur compatible OpenAI (vide : le modèle local)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="212"/>
        <source>Environment variable holding the server&apos;s key</source>
        <translation>Variable d'environnement contenant la clé du serveur</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="236"/>
        <source>Tile size in pixels (empty: the family&apos;s)</source>
        <translation>Taille des tuiles en pixels (vide : celle de la famille)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="246"/>
        <source>Tile overlap (share of a side)</source>
        <translation>Chevauchement des tuiles (part d'un côté)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="251"/>
        <source>Ground resolution of a tile, m/pixel (empty: the raster&apos;s)</source>
        <translation>Résolution au sol d'une tuile, m/pixel (vide : celle du raster)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="260"/>
        <source>Longest answer (tokens)</source>
        <translation>Réponse la plus longue (tokens)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="281"/>
        <source>Answer (ask, describe, count, find one)</source>
        <translation>Réponse (question, description, comptage, objet unique)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="282"/>
        <source>Features written</source>
        <translation>Entités écrites</translation>
    </message>
    <message>
        <location filename="../plugin/processing/provider.py" line="29"/>
        <source>GeoRSMLLM: multimodal language models over rasters</source>
        <translation>GeoRSMLLM : modèles de langage multimodaux sur des rasters</translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="87"/>
        <source>the whole raster</source>
        <translation>tout le raster</translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="89"/>
        <source>the extent</source>
        <translation>l'emprise</translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="108"/>
        <source>AOI feature {0} is outside the extent: skipped.</source>
        <translation>L'entité {0} de la zone d'intérêt est hors de l'emprise : ignorée.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="112"/>
        <source>No AOI polygon has an area inside the extent.</source>
        <translation>Aucun polygone de zone d'intérêt n'a de surface dans l'emprise.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/regions.py" line="116"/>
        <source>the union of %n AOI polygon(s)</source>
        <translation>
            <numerusform>l'union de %n polygone de zone d'intérêt</numerusform>
            <numerusform>l'union de %n polygones de zone d'intérêt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="117"/>
        <source>AOI feature {0}</source>
        <translation>entité {0} de la zone d'intérêt</translation>
    </message>
    <message>
        <location filename="../plugin/processing/sinks.py" line="73"/>
        <source>Cannot create the output {0} ({1}).</source>
        <translation>Impossible de créer la sortie {0} ({1}).</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/sinks.py" line="103"/>
        <source>Could not write %n feature(s) to the {0} output.</source>
        <translation>
            <numerusform>Impossible d'écrire %n entité dans la sortie {0}.</numerusform>
            <numerusform>Impossible d'écrire %n entités dans la sortie {0}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="58"/>
        <source>One run over their union</source>
        <translation>Une exécution sur leur union</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="59"/>
        <source>One run per feature</source>
        <translation>Une exécution par entité</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="60"/>
        <source>One run per feature: each selected polygon is a run of its own, its results tagged with the polygon&apos;s feature id (&quot;aoi_fid&quot;), all in one group. Find and Change always run once over the union: Find ranks the best tiles of the whole area, Change compares the two dates over the whole area.</source>
        <translation>Une exécution par entité : chaque polygone sélectionné est traité à part, ses résultats portant l'identifiant de son entité (« aoi_fid »), le tout dans un seul groupe. Rechercher et Changement s'exécutent toujours une seule fois sur l'union : Rechercher classe les meilleures tuiles de toute l'emprise, Changement compare les deux dates sur toute l'emprise.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="263"/>
        <source>{0} (points)</source>
        <translation>{0} (points)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="129"/>
        <source>Parameters:</source>
        <translation>Paramètres :</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="129"/>
        <source>Example:</source>
        <translation>Exemple :</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="63"/>
        <source>What is in this area?</source>
        <translation>Qu'y a-t-il dans cette zone ?</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="80"/>
        <source>Describe this area.</source>
        <translation>Décrivez cette zone.</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="67"/>
        <source>the large white building next to the pool</source>
        <translation>le grand bâtiment blanc à côté de la piscine</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="66"/>
        <source>How many ships?</source>
        <translation>Combien de navires ?</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="68"/>
        <source>solar farm</source>
        <translation>centrale solaire</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="69"/>
        <source>new buildings?</source>
        <translation>nouveaux bâtiments ?</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="84"/>
        <source>ship, storage tank, building</source>
        <translation>navire, réservoir, bâtiment</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="90"/>
        <source>Captions</source>
        <translation>Légendes</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="91"/>
        <source>Area description</source>
        <translation>Description de la zone</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="92"/>
        <source>Detections</source>
        <translation>Détections</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="93"/>
        <source>Count evidence</source>
        <translation>Preuves du comptage</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="94"/>
        <source>Count answer</source>
        <translation>Réponse du comptage</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="95"/>
        <source>Grounding</source>
        <translation>Localisation</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="97"/>
        <source>Find boxes</source>
        <translation>Boîtes trouvées</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="98"/>
        <source>Changes</source>
        <translation>Changements</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="67"/>
        <source>unknown: the model&apos;s answers could not be read for any of the %n tile(s) with data, so the {0} could not be counted</source>
        <translation>
            <numerusform>inconnu : aucune réponse du modèle n'a pu être lue sur %n tuile avec données ; « {0} » n'a donc pas pu être compté</numerusform>
            <numerusform>inconnu : aucune réponse du modèle n'a pu être lue sur %n tuiles avec données ; « {0} » n'a donc pas pu être compté</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="77"/>
        <source>at least {0} in the area ({1} of %n tile(s) had an unreadable answer)</source>
        <translation>
            <numerusform>au moins {0} dans la zone (réponse illisible pour {1} sur %n tuile)</numerusform>
            <numerusform>au moins {0} dans la zone (réponse illisible pour {1} sur %n tuiles)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="81"/>
        <source>{0} in the area</source>
        <translation>{0} dans la zone</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="84"/>
        <source>{0} (partial: cancelled after {1} of %n tile(s))</source>
        <translation>
            <numerusform>{0} (partiel : annulé après {1} sur %n tuile)</numerusform>
            <numerusform>{0} (partiel : annulé après {1} sur %n tuiles)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="91"/>
        <source>the model found no {0} in the area</source>
        <translation>le modèle n'a rien trouvé correspondant à « {0} » dans la zone</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="93"/>
        <source>located {0}</source>
        <translation>localisé : {0}</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="95"/>
        <source> (score {0})</source>
        <translation> (score {0})</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="97"/>
        <source>: best of %n candidate box(es) in {0} tiles</source>
        <translation>
            <numerusform> : la meilleure de %n boîte candidate sur {0} tuiles</numerusform>
            <numerusform> : la meilleure de %n boîtes candidates sur {0} tuiles</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="105"/>
        <source>No change found between {0} and {1} ({2}).</source>
        <translation>Aucun changement trouvé entre {0} et {1} ({2}).</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="107"/>
        <source>%n change polygon(s) between {0} and {1}, {2} m² in all ({3})</source>
        <translation>
            <numerusform>%n polygone de changement entre {0} et {1}, {2} m² au total ({3})</numerusform>
            <numerusform>%n polygones de changement entre {0} et {1}, {2} m² au total ({3})</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="110"/>
        <source>; largest {0} m²</source>
        <translation> ; le plus grand : {0} m²</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="118"/>
        <source>No tile could be scored for &apos;{0}&apos; (all nodata, or cancelled before any was embedded).</source>
        <translation>Aucune tuile n'a pu être notée pour « {0} » (toutes sans données, ou annulé avant le premier plongement).</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="120"/>
        <source>{0}: {1} (best #{2}, score {3})</source>
        <translation>{0} : {1} (meilleure n° {2}, score {3})</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="126"/>
        <source>Best %n tile(s) for &apos;{0}&apos; in {1} of {2} raster(s): {3}.</source>
        <translation>
            <numerusform>%n meilleure tuile pour « {0} » dans {1} raster(s) sur {2} : {3}.</numerusform>
            <numerusform>%n meilleures tuiles pour « {0} » dans {1} raster(s) sur {2} : {3}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="130"/>
        <source>The VLM said yes to {0} of %n tile(s)</source>
        <translation>
            <numerusform>Le VLM a répondu oui pour {0} sur %n tuile</numerusform>
            <numerusform>Le VLM a répondu oui pour {0} sur %n tuiles</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="131"/>
        <source> ({0} unclear).</source>
        <translation> ({0} incertaine(s)).</translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="108"/>
        <source>A job is already running; cancel it or wait.</source>
        <translation>Une tâche est déjà en cours ; annulez-la ou attendez.</translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="128"/>
        <source>Run {0} of {1} (feature {2})</source>
        <translation>Exécution {0} sur {1} (entité {2})</translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="173"/>
        <source>Feature {0}: {1}</source>
        <translation>Entité {0} : {1}</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/feature_runs.py" line="149"/>
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n exécution</numerusform>
            <numerusform>%n exécutions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/feature_runs.py" line="151"/>
        <source>, %n failed: </source>
        <translation>
            <numerusform>, %n en échec : </numerusform>
            <numerusform>, %n en échec : </numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="151"/>
        <source>feature {0}: {1}</source>
        <translation>entité {0} : {1}</translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="155"/>
        <source>, then cancelled at run {0} of {1}</source>
        <translation>, puis annulé à l'exécution {0} sur {1}</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="152"/>
        <source>the model found no such object in the area</source>
        <translation>le modèle n'a trouvé aucun objet de ce type dans la zone</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="152"/>
        <source>estimating…</source>
        <translation>estimation…</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="292"/>
        <source>Could not write the results to {0}: {1}</source>
        <translation>Impossible d'écrire les résultats dans {0} : {1}</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="324"/>
        <source>unknown: {0}</source>
        <translation>inconnue : {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="366"/>
        <source>torch {0}, transformers {1}, bitsandbytes {2}; devices: {3}</source>
        <translation>torch {0}, transformers {1}, bitsandbytes {2} ; périphériques : {3}</translation>
    </message>
</context>
</TS>
