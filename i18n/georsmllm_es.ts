<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>GeoRSMLLM</name>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="43"/>
        <source>Area of interest</source>
        <translation>Zona de interés</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="45"/>
        <source>Current map extent</source>
        <translation>Extensión actual del mapa</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="46"/>
        <source>Draw rectangle</source>
        <translation>Dibujar un rectángulo</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="47"/>
        <source>Draw polygon</source>
        <translation>Dibujar un polígono</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="48"/>
        <source>Selected features</source>
        <translation>Entidades seleccionadas</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="49"/>
        <source>Whole layer</source>
        <translation>Capa completa</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="52"/>
        <source>Draw</source>
        <translation>Dibujar</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="51"/>
        <source>Drag a rectangle on the map</source>
        <translation>Arrastre un rectángulo en el mapa</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="53"/>
        <source>Click the corners on the map; right-click closes the polygon</source>
        <translation>Haga clic en los vértices en el mapa; el clic derecho cierra el polígono</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="56"/>
        <source>The polygon layer whose selected features make the area</source>
        <translation>La capa de polígonos cuyas entidades seleccionadas forman la zona</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="83"/>
        <source>Web layer resolution</source>
        <translation>Resolución de capas web</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="88"/>
        <source> m/pixel</source>
        <translation> m/píxel</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="89"/>
        <source>XYZ, WMS and other web layers are rendered for the area at this ground resolution before the model reads them.</source>
        <translation>Las capas XYZ, WMS y otras capas web se representan para la zona a esta resolución en el terreno antes de que el modelo las lea.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/dock/dock_widget.py" line="56"/>
        <source>%n feature(s) found</source>
        <translation>
            <numerusform>%n entidad encontrada</numerusform>
            <numerusform>%n entidades encontradas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_choice.py" line="29"/>
        <source>Area: {0} × {1} {2} ({3}).</source>
        <translation>Zona: {0} × {1} {2} ({3}).</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="101"/>
        <source>custom CRS</source>
        <translation>SRC personalizado</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="89"/>
        <source>Pick a raster layer and an area, then press Run.</source>
        <translation>Elija una capa ráster y una zona y pulse Ejecutar.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="105"/>
        <source>Raster layer</source>
        <translation>Capa ráster</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="120"/>
        <source>Run</source>
        <translation>Ejecutar</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="88"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="122"/>
        <source>New conversation</source>
        <translation>Nueva conversación</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="123"/>
        <source>Forget the earlier questions about this area; the next question starts over.</source>
        <translation>Olvidar las preguntas anteriores sobre esta zona; la próxima pregunta empieza de nuevo.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="124"/>
        <source>Save as…</source>
        <translation>Guardar como…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="125"/>
        <source>Save the last result layer as GeoPackage, Shapefile, GeoJSON or FlatGeobuf.</source>
        <translation>Guardar la última capa de resultados como GeoPackage, Shapefile, GeoJSON o FlatGeobuf.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="137"/>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="138"/>
        <source>What the worker wrote while this run went wrong</source>
        <translation>Lo que el proceso de cálculo escribió durante esta ejecución fallida</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="145"/>
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="147"/>
        <source>The model&apos;s answer appears here.</source>
        <translation>La respuesta del modelo aparece aquí.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_choice.py" line="87"/>
        <source>Drag a rectangle on the map.</source>
        <translation>Arrastre un rectángulo en el mapa.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_choice.py" line="93"/>
        <source>Click the corners of the area on the map; right-click closes the polygon.</source>
        <translation>Haga clic en los vértices de la zona en el mapa; el clic derecho cierra el polígono.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="248"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/progress_view.py" line="48"/>
        <source>starting…</source>
        <translation>iniciando…</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/dock/progress_view.py" line="82"/>
        <source>{0}: %v of %n tile(s)</source>
        <translation>
            <numerusform>{0}: %v de %n tesela</numerusform>
            <numerusform>{0}: %v de %n teselas</numerusform>
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
        <translation>El proceso de cálculo no escribió nada en esta ejecución.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="77"/>
        <source>GeoRSMLLM models</source>
        <translation>Modelos de GeoRSMLLM</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="85"/>
        <source>Choose a model</source>
        <translation>Elegir un modelo</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="88"/>
        <source>Family</source>
        <translation>Familia</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="122"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="98"/>
        <source>Download</source>
        <translation>Descargar</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="88"/>
        <source>Memory (4-bit)</source>
        <translation>Memoria (4 bits)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="96"/>
        <source>Or any other Hugging Face id, e.g. Qwen/Qwen2.5-VL-7B-Instruct</source>
        <translation>O cualquier otro identificador de Hugging Face, p. ej. Qwen/Qwen2.5-VL-7B-Instruct</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="97"/>
        <source>Estimate memory</source>
        <translation>Estimar la memoria</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="101"/>
        <source>Use this model</source>
        <translation>Usar este modelo</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="119"/>
        <source>Downloaded models</source>
        <translation>Modelos descargados</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="122"/>
        <source>Size on disk</source>
        <translation>Tamaño en disco</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="128"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="129"/>
        <source>Delete from cache</source>
        <translation>Eliminar de la caché</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="157"/>
        <source>GeoRSMLLM: models</source>
        <translation>GeoRSMLLM: modelos</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="216"/>
        <source>about {size}</source>
        <translation>aproximadamente {size}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="205"/>
        <source>Estimating the memory of {model}…</source>
        <translation>Estimando la memoria de {model}…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="217"/>
        <source>{model}: {size} of GPU memory for the weights in 4-bit.</source>
        <translation>{model}: {size} de memoria de GPU para los pesos en 4 bits.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="231"/>
        <source>Downloading {model}…</source>
        <translation>Descargando {model}…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="245"/>
        <source>Downloading: {done} of {total}</source>
        <translation>Descargando: {done} de {total}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="257"/>
        <source>The download is incomplete, missing: {files}. Download again.</source>
        <translation>La descarga está incompleta, faltan: {files}. Descargue de nuevo.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="263"/>
        <source>{model} is downloaded and complete.</source>
        <translation>{model} está descargado y completo.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="288"/>
        <source>{model} deleted, {size} freed.</source>
        <translation>{model} eliminado, {size} liberados.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="46"/>
        <source>the URL must start with http:// or https://</source>
        <translation>la dirección debe empezar por http:// o https://</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="68"/>
        <source>the server refused the API key (HTTP {code})</source>
        <translation>el servidor rechazó la clave de API (HTTP {code})</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="69"/>
        <source>the server answered HTTP {code}</source>
        <translation>el servidor respondió HTTP {code}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="73"/>
        <source>no answer ({reason})</source>
        <translation>sin respuesta ({reason})</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="97"/>
        <source>Server reachable, {n} model(s) served.</source>
        <translation>Servidor accesible, {n} modelo(s) disponible(s).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="99"/>
        <source>Server not reachable at {url}: {why}.</source>
        <translation>Servidor no accesible en {url}: {why}.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="104"/>
        <source>The server does not serve {model}; it serves: {models}.</source>
        <translation>El servidor no ofrece {model}; ofrece: {models}.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="113"/>
        <source>{model} is served.</source>
        <translation>{model} está disponible.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="131"/>
        <source>One tile answered: “{text}”.</source>
        <translation>Una tesela respondió: «{text}».</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="133"/>
        <source>The one-tile test failed: {why}.</source>
        <translation>La prueba con una tesela falló: {why}.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="143"/>
        <source>GeoRSMLLM: checking the server</source>
        <translation>GeoRSMLLM: comprobando el servidor</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="171"/>
        <source>The model the server serves; List asks the server.</source>
        <translation>El modelo que ofrece el servidor; Listar pregunta al servidor.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="172"/>
        <source>List</source>
        <translation>Listar</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="178"/>
        <source>Server model</source>
        <translation>Modelo del servidor</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="180"/>
        <source>Or keep the key in QGIS&apos;s password manager (encrypted).</source>
        <translation>O guarde la clave en el gestor de contraseñas de QGIS (cifrado).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="181"/>
        <source>API key (QGIS)</source>
        <translation>Clave de API (QGIS)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="182"/>
        <source>Check server</source>
        <translation>Comprobar el servidor</translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="211"/>
        <source>Enter the server URL first.</source>
        <translation>Introduzca primero la dirección del servidor.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="197"/>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="40"/>
        <source>Task</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="43"/>
        <source>Object names, separated by commas.</source>
        <translation>Nombres de objetos, separados por comas.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="44"/>
        <source>Objects</source>
        <translation>Objetos</translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="98"/>
        <source>The chosen model cannot do this task.</source>
        <translation>El modelo elegido no puede hacer esta tarea.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="42"/>
        <source>The area of interest has no valid coordinate reference system.</source>
        <translation>La zona de interés no tiene un sistema de referencia de coordenadas válido.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="54"/>
        <source>Pick a raster layer first.</source>
        <translation>Elija primero una capa ráster.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="56"/>
        <source>The layer &quot;{0}&quot; is not a raster layer.</source>
        <translation>La capa «{0}» no es una capa ráster.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="58"/>
        <source>The layer &quot;{0}&quot; is not valid (its source cannot be read).</source>
        <translation>La capa «{0}» no es válida (su origen no se puede leer).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="64"/>
        <source>The layer &quot;{0}&quot; is not a file-based raster (provider: {1}). Choose a ground resolution for web layers in the dock, or save the layer as a GeoTIFF (right-click &gt; Export &gt; Save As).</source>
        <translation>La capa «{0}» no es un ráster de archivo (proveedor: {1}). Elija una resolución en el terreno para capas web en el panel, o guarde la capa como GeoTIFF (clic derecho &gt; Exportar &gt; Guardar como).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="80"/>
        <source>Select one or more polygons of the chosen polygon layer first.</source>
        <translation>Seleccione primero uno o más polígonos de la capa de polígonos elegida.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="81"/>
        <source>Draw a polygon on the map first (press &quot;Draw&quot;; right-click closes it).</source>
        <translation>Dibuje primero un polígono en el mapa (pulse «Dibujar»; el clic derecho lo cierra).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="83"/>
        <source>The polygon has no coordinate reference system.</source>
        <translation>El polígono no tiene sistema de referencia de coordenadas.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="108"/>
        <source>The map extent</source>
        <translation>La extensión del mapa</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="111"/>
        <source>Draw a rectangle on the map first (press &quot;Draw&quot; next to &quot;Draw rectangle&quot;).</source>
        <translation>Dibuje primero un rectángulo en el mapa (pulse «Dibujar» junto a «Dibujar un rectángulo»).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="112"/>
        <source>The drawn rectangle</source>
        <translation>El rectángulo dibujado</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="114"/>
        <source>Unknown area-of-interest choice {0}.</source>
        <translation>Opción de zona de interés desconocida {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="116"/>
        <source>{0} is empty: choose an area with a width and a height.</source>
        <translation>{0} está vacía: elija una zona con anchura y altura.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="118"/>
        <source>{0} has no coordinate reference system.</source>
        <translation>{0} no tiene sistema de referencia de coordenadas.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="131"/>
        <source>Unknown task {0}.</source>
        <translation>Tarea desconocida {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="153"/>
        <source>Pick the after raster layer (the later date) for Change.</source>
        <translation>Elija la capa ráster «después» (la fecha posterior) para Cambio.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="156"/>
        <source>The before and the after raster are the same file: pick the later date as after.</source>
        <translation>Los rásteres «antes» y «después» son el mismo archivo: elija la fecha posterior como «después».</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="158"/>
        <source>Unknown change method {0}.</source>
        <translation>Método de cambio desconocido {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="161"/>
        <source>Method ONNX needs the change model file (.onnx).</source>
        <translation>El método ONNX necesita el archivo del modelo de cambio (.onnx).</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="200"/>
        <source>The layer &quot;{0}&quot; is a web layer without edges: choose the map extent, a rectangle or a polygon as the area.</source>
        <translation>La capa «{0}» es una capa web sin bordes: elija como zona la extensión del mapa, un rectángulo o un polígono.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="216"/>
        <source>Set a model (a Hugging Face id or a local folder) in the Model section.</source>
        <translation>Indique un modelo (un identificador de Hugging Face o una carpeta local) en la sección Modelo.</translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="218"/>
        <source>Set the server address (e.g. http://gpu-server:8000/v1) in the Model section.</source>
        <translation>Indique la dirección del servidor (p. ej. http://gpu-server:8000/v1) en la sección Modelo.</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="59"/>
        <source>Ask a multimodal model about an area of a raster</source>
        <translation>Preguntar a un modelo multimodal sobre una zona de un ráster</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="72"/>
        <source>The ground resolution must be above 0 m per pixel.</source>
        <translation>La resolución en el terreno debe ser mayor que 0 m por píxel.</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="74"/>
        <source>Choose an area (map extent, rectangle or polygon): a web layer has no edges to use as a whole layer.</source>
        <translation>Elija una zona (extensión del mapa, rectángulo o polígono): una capa web no tiene bordes para usarla completa.</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="83"/>
        <source>The area of interest is outside the layer &quot;{0}&quot;.</source>
        <translation>La zona de interés está fuera de la capa «{0}».</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="89"/>
        <source>At {0} m per pixel this area is {1} × {2} pixels: choose a coarser resolution or a smaller area.</source>
        <translation>A {0} m por píxel esta zona mide {1} × {2} píxeles: elija una resolución más gruesa o una zona más pequeña.</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="97"/>
        <source>The layer &quot;{0}&quot; cannot be read for rendering.</source>
        <translation>La capa «{0}» no se puede leer para representarla.</translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="104"/>
        <source>Rendering the layer &quot;{0}&quot; failed (writer error {1}).</source>
        <translation>La representación de la capa «{0}» falló (error de escritura {1}).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="42"/>
        <source>Checking the Python</source>
        <translation>Comprobando el Python</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="71"/>
        <source>CUDA: yes, {gpu}</source>
        <translation>CUDA: sí, {gpu}</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="73"/>
        <source>, {free:.1f} GiB free</source>
        <translation>, {free:.1f} GiB libres</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="76"/>
        <source>CUDA: no, models run on the CPU (slow).</source>
        <translation>CUDA: no, los modelos se ejecutan en la CPU (lento).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="79"/>
        <source>Missing: {names}. This Python cannot run the backend; create the environment above instead.</source>
        <translation>Falta: {names}. Este Python no puede ejecutar el motor; cree en su lugar el entorno de arriba.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="67"/>
        <source>GeoRSMLLM set-up</source>
        <translation>Instalación de GeoRSMLLM</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="76"/>
        <source>Create the backend environment (recommended)</source>
        <translation>Crear el entorno del motor (recomendado)</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="84"/>
        <source>The folder the environment is created in (in your QGIS profile).</source>
        <translation>La carpeta donde se crea el entorno (en su perfil de QGIS).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="87"/>
        <source>Create environment</source>
        <translation>Crear el entorno</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="96"/>
        <source>Not started.</source>
        <translation>No iniciado.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="105"/>
        <source>Or use an existing Python</source>
        <translation>O usar un Python existente</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="109"/>
        <source>Path of a Python that has torch, transformers and rasterio</source>
        <translation>Ruta de un Python que tenga torch, transformers y rasterio</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="112"/>
        <source>Check</source>
        <translation>Comprobar</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="117"/>
        <source>Not checked yet.</source>
        <translation>Aún no comprobado.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="134"/>
        <source>macOS: torch from PyPI (no CUDA on macOS; the CPU runs the models).</source>
        <translation>macOS: torch desde PyPI (sin CUDA en macOS; la CPU ejecuta los modelos).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="136"/>
        <source>NVIDIA GPU found (driver supports CUDA {major}.{minor}): torch for CUDA ({wheel}) will be installed.</source>
        <translation>GPU NVIDIA encontrada (el controlador admite CUDA {major}.{minor}): se instalará torch para CUDA ({wheel}).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="139"/>
        <source>No NVIDIA GPU found: the CPU build of torch will be installed (models run slowly on the CPU).</source>
        <translation>No se encontró GPU NVIDIA: se instalará la versión para CPU de torch (los modelos van lentos en la CPU).</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="151"/>
        <source>Choose a folder for the environment first.</source>
        <translation>Elija primero una carpeta para el entorno.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="164"/>
        <source>GeoRSMLLM: creating the backend environment</source>
        <translation>GeoRSMLLM: creando el entorno del motor</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="185"/>
        <source>The backend environment is ready: {python}</source>
        <translation>El entorno del motor está listo: {python}</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="195"/>
        <source>This file does not exist.</source>
        <translation>Este archivo no existe.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="198"/>
        <source>GeoRSMLLM: checking a Python</source>
        <translation>GeoRSMLLM: comprobando un Python</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="209"/>
        <source>This Python cannot run the backend: {why}</source>
        <translation>Este Python no puede ejecutar el motor: {why}</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="216"/>
        <source>Backend Python</source>
        <translation>Python del motor</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="17"/>
        <source>Ask a question</source>
        <translation>Hacer una pregunta</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="18"/>
        <source>Describe the area (tile by tile)</source>
        <translation>Describir la zona (tesela a tesela)</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="19"/>
        <source>Detect objects</source>
        <translation>Detectar objetos</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="20"/>
        <source>Count objects</source>
        <translation>Contar objetos</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="21"/>
        <source>Find one object</source>
        <translation>Encontrar un objeto</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="96"/>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="23"/>
        <source>Change between two dates</source>
        <translation>Cambio entre dos fechas</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="32"/>
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="30"/>
        <source>Instruction (optional)</source>
        <translation>Instrucción (opcional)</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="31"/>
        <source>…or a referring expression</source>
        <translation>…o una expresión que designe el objeto</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="33"/>
        <source>Referring expression</source>
        <translation>Expresión que designa el objeto</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="34"/>
        <source>What to look for</source>
        <translation>Qué buscar</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="35"/>
        <source>Question (optional)</source>
        <translation>Pregunta (opcional)</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="41"/>
        <source>Type a question first.</source>
        <translation>Escriba primero una pregunta.</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="42"/>
        <source>Type the objects to detect (e.g. &quot;ship, storage tank&quot;) or a referring expression.</source>
        <translation>Escriba los objetos que detectar (p. ej. «barco, depósito») o una expresión que designe el objeto.</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="43"/>
        <source>Type what to count (e.g. &quot;ship&quot;) or a question such as &quot;How many ships?&quot;.</source>
        <translation>Escriba qué contar (p. ej. «barco») o una pregunta como «¿Cuántos barcos hay?».</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="44"/>
        <source>Describe the object to find (e.g. &quot;the large white building next to the pool&quot;).</source>
        <translation>Describa el objeto que encontrar (p. ej. «el gran edificio blanco junto a la piscina»).</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="45"/>
        <source>Type what to look for (e.g. &quot;solar farm&quot;), or draw a query rectangle.</source>
        <translation>Escriba qué buscar (p. ej. «parque solar») o dibuje un rectángulo de consulta.</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="61"/>
        <source>Internal error in the plugin: {0}: {1} (details in the GeoRSMLLM log).</source>
        <translation>Error interno del complemento: {0}: {1} (detalles en el registro de GeoRSMLLM).</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="172"/>
        <source>Asking {0} ({1})…</source>
        <translation>Preguntando a {0} ({1})…</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="196"/>
        <source>New conversation: the next question about this area starts over.</source>
        <translation>Nueva conversación: la próxima pregunta sobre esta zona empieza de nuevo.</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="205"/>
        <source>Save the result layer</source>
        <translation>Guardar la capa de resultados</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="216"/>
        <source>No result layer to save: it was removed from the project.</source>
        <translation>No hay capa de resultados que guardar: se quitó del proyecto.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/controller.py" line="223"/>
        <source>Saved %n feature(s) to {0}.</source>
        <translation>
            <numerusform>%n entidad guardada en {0}.</numerusform>
            <numerusform>%n entidades guardadas en {0}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="224"/>
        <source>Saved to {0}.</source>
        <translation>Guardado en {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="341"/>
        <source>Cancelled. Nothing was written.</source>
        <translation>Cancelado. No se escribió nada.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/controller.py" line="310"/>
        <source> (%n warning(s), see the log)</source>
        <translation>
            <numerusform> (%n aviso, vea el registro)</numerusform>
            <numerusform> (%n avisos, vea el registro)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="314"/>
        <source>Done. The answer was added to the layer &quot;{0}&quot;{1}.</source>
        <translation>Hecho. La respuesta se añadió a la capa «{0}»{1}.</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="315"/>
        <source>Answer added to &quot;{0}&quot; ({1}).</source>
        <translation>Respuesta añadida a «{0}» ({1}).</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="331"/>
        <source>The job failed: {0}</source>
        <translation>La tarea falló: {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="357"/>
        <source>The worker is not running.</source>
        <translation>El proceso de cálculo no está en marcha.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="76"/>
        <source>Models…</source>
        <translation>Modelos…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="77"/>
        <source>Choose, download or delete models</source>
        <translation>Elegir, descargar o eliminar modelos</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="129"/>
        <source>Set-up…</source>
        <translation>Instalación…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="130"/>
        <source>Create the backend environment, or choose an existing Python</source>
        <translation>Crear el entorno del motor, o elegir un Python existente</translation>
    </message>
    <message>
        <location filename="../plugin/setup/dialogs.py" line="41"/>
        <source>The backend is not set up yet: models cannot run.</source>
        <translation>El motor aún no está instalado: los modelos no pueden ejecutarse.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/dialogs.py" line="42"/>
        <source>Set up now…</source>
        <translation>Instalar ahora…</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="88"/>
        <source>Nothing found in &quot;{0}&quot;.</source>
        <translation>No se encontró nada en «{0}».</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="90"/>
        <source>{0} in &quot;{1}&quot;.</source>
        <translation>{0} en «{1}».</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="107"/>
        <source> after {0} of %n tile(s)</source>
        <translation>
            <numerusform> tras {0} de %n tesela</numerusform>
            <numerusform> tras {0} de %n teselas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="112"/>
        <source>Cancelled{0}. Nothing was found before the cancel; no layer was kept.</source>
        <translation>Cancelado{0}. No se encontró nada antes de cancelar; no se conservó ninguna capa.</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="126"/>
        <source> Saved in {0}.</source>
        <translation> Guardado en {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="128"/>
        <source> They are kept in memory only: {0}</source>
        <translation> Se conservan solo en memoria: {0}</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="131"/>
        <source> in &quot;{0}&quot;</source>
        <translation> en «{0}»</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="133"/>
        <source>{0} The %n feature(s) found before are kept{1}.{2}</source>
        <translation>
            <numerusform>{0} Se conserva la entidad encontrada antes{1}.{2}</numerusform>
            <numerusform>{0} Se conservan las %n entidades encontradas antes{1}.{2}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="142"/>
        <source>Cancelled{0}. The %n feature(s) found so far are kept{1}.{2}</source>
        <translation>
            <numerusform>Cancelado{0}. Se conserva la entidad encontrada hasta ahora{1}.{2}</numerusform>
            <numerusform>Cancelado{0}. Se conservan las %n entidades encontradas hasta ahora{1}.{2}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="153"/>
        <source>{0} %n feature(s){1}.{2}</source>
        <translation>
            <numerusform>{0} %n entidad{1}.{2}</numerusform>
            <numerusform>{0} %n entidades{1}.{2}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="157"/>
        <source> %n tile(s) had an unreadable answer (see the log).</source>
        <translation>
            <numerusform> %n tesela dio una respuesta ilegible (vea el registro).</numerusform>
            <numerusform> %n teselas dieron una respuesta ilegible (vea el registro).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="158"/>
        <source>Done. %n feature(s){0}.{1}{2}</source>
        <translation>
            <numerusform>Hecho. %n entidad{0}.{1}{2}</numerusform>
            <numerusform>Hecho. %n entidades{0}.{1}{2}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="109"/>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="185"/>
        <source>(Estimate memory)</source>
        <translation>(Estimar la memoria)</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/dock/progress_view.py" line="61"/>
        <source> · {0} of %n token(s)</source>
        <translation>
            <numerusform> · {0} de %n token</numerusform>
            <numerusform> · {0} de %n tokens</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/progress_view.py" line="88"/>
        <source>{0} elapsed</source>
        <translation>{0} transcurrido</translation>
    </message>
    <message>
        <location filename="../plugin/dock/progress_view.py" line="90"/>
        <source> · about {0} left</source>
        <translation> · quedan unos {0}</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="60"/>
        <source>No backend can run the models yet.</source>
        <translation>Ningún motor puede ejecutar aún los modelos.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="60"/>
        <source>Set up the backend…</source>
        <translation>Instalar el motor…</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="66"/>
        <source>no model chosen</source>
        <translation>ningún modelo elegido</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="68"/>
        <source>Runs {0} on the server {1}; nothing is downloaded here.</source>
        <translation>Ejecuta {0} en el servidor {1}; aquí no se descarga nada.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="68"/>
        <source>(no address yet)</source>
        <translation>(aún sin dirección)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="71"/>
        <source>Runs {0} on this computer ({1}, {2})</source>
        <translation>Ejecuta {0} en este ordenador ({1}, {2})</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="74"/>
        <source>; the model is read from its folder.</source>
        <translation>; el modelo se lee de su carpeta.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="76"/>
        <source>; the first run downloads about {0} GB (kept for later runs).</source>
        <translation>; la primera ejecución descarga unos {0} GB (se conservan para las siguientes).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="77"/>
        <source>; the first run downloads the model (kept for later runs).</source>
        <translation>; la primera ejecución descarga el modelo (se conserva para las siguientes).</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="28"/>
        <source>4-bit quantization (nf4) in the Model section</source>
        <translation>la cuantización de 4 bits (nf4) en la sección Modelo</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="29"/>
        <source>a smaller model</source>
        <translation>un modelo más pequeño</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="30"/>
        <source>a smaller area</source>
        <translation>una zona más pequeña</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="32"/>
        <source>the CPU device (slower, uses the computer&apos;s memory)</source>
        <translation>la CPU (más lenta, usa la memoria del ordenador)</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="33"/>
        <source>Try {0}.</source>
        <translation>Pruebe {0}.</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="33"/>
        <source>, or </source>
        <translation>, o </translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="43"/>
        <source>The model ran out of memory.</source>
        <translation>El modelo se quedó sin memoria.</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="50"/>
        <source>The server engine does not run the model here</source>
        <translation>Con un servidor, el modelo no se ejecuta aquí</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="52"/>
        <source>the model in the Model section</source>
        <translation>el modelo en la sección Modelo</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="53"/>
        <source>the server address (Model section)</source>
        <translation>la dirección del servidor (sección Modelo)</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="54"/>
        <source>the model (Model section)</source>
        <translation>el modelo (sección Modelo)</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="55"/>
        <source>(Set-up… in the dock)</source>
        <translation>(Instalación… en el panel)</translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="56"/>
        <source>the Set-up page</source>
        <translation>la página de instalación</translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="156"/>
        <source>Only {free:.1f} GB are free on that disk; the environment needs about {need:.0f} GB. Free some space or choose a folder on another disk.</source>
        <translation>Solo hay {free:.1f} GB libres en ese disco; el entorno necesita unos {need:.0f} GB. Libere espacio o elija una carpeta en otro disco.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="29"/>
        <source>The disk is full: free some space (torch alone needs about 3 GB) and try again.</source>
        <translation>El disco está lleno: libere espacio (solo torch necesita unos 3 GB) y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="31"/>
        <source>The packages could not be downloaded: this computer cannot reach the package index. Check the network or proxy and try again.</source>
        <translation>No se pudieron descargar los paquetes: este ordenador no llega al índice de paquetes. Compruebe la red o el proxy y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="36"/>
        <source>pip failed: {errors}</source>
        <translation>pip falló: {errors}</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="37"/>
        <source>The step failed with exit status {code}.</source>
        <translation>El paso falló con el código de salida {code}.</translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="109"/>
        <source>The set-up stopped.</source>
        <translation>La instalación se detuvo.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="22"/>
        <source>Pixel difference (no model)</source>
        <translation>Diferencia de píxeles (sin modelo)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="22"/>
        <source>ONNX change model</source>
        <translation>Modelo de cambio ONNX</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="22"/>
        <source>Pixel difference, checked by the model</source>
        <translation>Diferencia de píxeles, comprobada por el modelo</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="40"/>
        <source>The later date. The raster layer at the top of the dock is the before date.</source>
        <translation>La fecha posterior. La capa ráster de arriba del panel es la fecha «antes».</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="41"/>
        <source>After raster</source>
        <translation>Ráster «después»</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="45"/>
        <source>Pixel difference: change vector analysis after a radiometric normalisation, no model. ONNX: your change network. Checked by the model: the model drops tiles where nothing really changed.</source>
        <translation>Diferencia de píxeles: análisis del vector de cambio tras una normalización radiométrica, sin modelo. ONNX: su red de detección de cambios. Comprobada por el modelo: el modelo descarta las teselas donde nada cambió realmente.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="51"/>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="52"/>
        <source>ONNX model</source>
        <translation>Modelo ONNX</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="54"/>
        <source>ONNX models (*.onnx)</source>
        <translation>Modelos ONNX (*.onnx)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="60"/>
        <source>9 pixels</source>
        <translation>9 píxeles</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="61"/>
        <source>Smaller changes are dropped (0: nine pixels of the rasters).</source>
        <translation>Los cambios más pequeños se descartan (0: nueve píxeles de los rásteres).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="62"/>
        <source>Minimum area</source>
        <translation>Superficie mínima</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="66"/>
        <source>The model says what changed in this many of the largest changes (0: none).</source>
        <translation>El modelo describe qué cambió en este número de los cambios más grandes (0: ninguno).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="67"/>
        <source>Describe largest</source>
        <translation>Describir los mayores</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="32"/>
        <source>How many best-matching tiles the Find layer keeps.</source>
        <translation>Cuántas teselas más parecidas conserva la capa Buscar.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="33"/>
        <source>Best tiles</source>
        <translation>Mejores teselas</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="35"/>
        <source>Image-text encoder: a CLIP or SigLIP Hugging Face id or folder (exported to ONNX on first use), or an exported ONNX folder.</source>
        <translation>Codificador imagen-texto: un identificador o carpeta de Hugging Face CLIP o SigLIP (exportado a ONNX en el primer uso), o una carpeta ONNX ya exportada.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="41"/>
        <source>Encoder</source>
        <translation>Codificador</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="50"/>
        <source>Ask the model of the Model section about each best tile (&quot;Is there a … in this image?&quot;) and locate it where it says yes.</source>
        <translation>Preguntar al modelo de la sección Modelo por cada mejor tesela («¿Hay un … en esta imagen?») y localizarlo donde responda que sí.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="90"/>
        <source>Draw a rectangle around an example first (&quot;Draw&quot;).</source>
        <translation>Dibuje primero un rectángulo alrededor de un ejemplo («Dibujar»).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="46"/>
        <source>Local model (transformers)</source>
        <translation>Modelo local (transformers)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="47"/>
        <source>OpenAI-compatible server</source>
        <translation>Servidor compatible con OpenAI</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="48"/>
        <source>Run the model on this computer, or ask a server (vLLM, Ollama, llama.cpp, LM Studio) that serves it to the whole team.</source>
        <translation>Ejecutar el modelo en este ordenador, o preguntar a un servidor (vLLM, Ollama, llama.cpp, LM Studio) que lo ofrece a todo el equipo.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="54"/>
        <source>Engine</source>
        <translation>Motor de inferencia</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="57"/>
        <source>Base URL of the OpenAI-compatible API (ends in /v1).</source>
        <translation>Dirección base de la API compatible con OpenAI (termina en /v1).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="58"/>
        <source>Server URL</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="60"/>
        <source>e.g. OPENAI_API_KEY (empty: no key)</source>
        <translation>p. ej. OPENAI_API_KEY (vacío: sin clave)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="61"/>
        <source>Name of the environment variable that holds the server&apos;s API key. The key itself is never stored in the settings or the project.</source>
        <translation>Nombre de la variable de entorno que contiene la clave de API del servidor. La clave nunca se guarda en la configuración ni en el proyecto.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="67"/>
        <source>API key variable</source>
        <translation>Variable de la clave de API</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="219"/>
        <source>A Hugging Face model id (downloaded to the cache on first use) or a local folder.</source>
        <translation>Un identificador de modelo de Hugging Face (se descarga a la caché en el primer uso) o una carpeta local.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="74"/>
        <source>Choose a local model folder</source>
        <translation>Elegir una carpeta de modelo local</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="83"/>
        <source>automatic (from the model)</source>
        <translation>automática (según el modelo)</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="86"/>
        <source>Decides the prompts and how boxes are read from answers; automatic reads the model&apos;s config or name.</source>
        <translation>Determina las instrucciones y cómo se leen las cajas en las respuestas; automática lee la configuración o el nombre del modelo.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="92"/>
        <source>auto: the GPU (CUDA) when there is one, else the CPU.</source>
        <translation>auto: la GPU (CUDA) si la hay, si no la CPU.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="220"/>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="96"/>
        <source>nf4: the language model in 4-bit, the vision tower, projector and output head in 16-bit (default); int8: the same with 8-bit; nf4-all: everything 4-bit, for the smallest GPUs, lower image understanding; none: full precision.</source>
        <translation>nf4: el modelo de lenguaje en 4 bits, la torre de visión, el proyector y la cabeza de salida en 16 bits (por defecto); int8: lo mismo en 8 bits; nf4-all: todo en 4 bits, para las GPU más pequeñas, peor comprensión de imágenes; none: precisión completa.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="228"/>
        <source>Quantization</source>
        <translation>Cuantización</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="107"/>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="110"/>
        <source>Max. answer tokens</source>
        <translation>Tokens de respuesta máx.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="113"/>
        <source>Tiles per model call. Larger is faster on a big GPU; halved automatically when the GPU runs out of memory.</source>
        <translation>Teselas por llamada al modelo. Más grande es más rápido en una GPU grande; se divide por dos automáticamente cuando la GPU se queda sin memoria.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="119"/>
        <source>Tiles per batch</source>
        <translation>Teselas por lote</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="122"/>
        <source>The Python of the backend environment (torch, transformers, rasterio).</source>
        <translation>El Python del entorno del motor (torch, transformers, rasterio).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="127"/>
        <source>GeoPackage the Captions layer is written to; empty: beside the project.</source>
        <translation>El GeoPackage donde se escribe la capa Descripciones; vacío: junto al proyecto.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="128"/>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="132"/>
        <source>Check backend</source>
        <translation>Comprobar el motor</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="133"/>
        <source>Backend not checked yet.</source>
        <translation>Motor aún no comprobado.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="219"/>
        <source>The model name the server serves (GET /v1/models lists them).</source>
        <translation>El nombre del modelo que ofrece el servidor (GET /v1/models los lista).</translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="248"/>
        <source>Model folder</source>
        <translation>Carpeta del modelo</translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="59"/>
        <source>Two fields would both be called {0} in a Shapefile; save as GeoPackage instead.</source>
        <translation>Dos campos se llamarían ambos {0} en un Shapefile; guarde mejor como GeoPackage.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="75"/>
        <source>Cannot save as {0}: use one of {1}.</source>
        <translation>No se puede guardar como {0}: use uno de {1}.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="75"/>
        <source>a file without extension</source>
        <translation>un archivo sin extensión</translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="97"/>
        <source>Could not save {0} to {1}: {2}</source>
        <translation>No se pudo guardar {0} en {1}: {2}</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="90"/>
        <source>The worker&apos;s result has no valid CRS (crs_wkt); nothing was written.</source>
        <translation>El resultado del proceso de cálculo no tiene un SRC válido (crs_wkt); no se escribió nada.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="111"/>
        <source>{0} exists but is not a GeoPackage GDAL can open; choose another results file.</source>
        <translation>{0} existe pero no es un GeoPackage que GDAL pueda abrir; elija otro archivo de resultados.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="146"/>
        <source>Could not create table {0} in {1}: {2}</source>
        <translation>No se pudo crear la tabla {0} en {1}: {2}</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="190"/>
        <source>The worker&apos;s result holds no answer; nothing was written.</source>
        <translation>El resultado del proceso de cálculo no contiene respuesta; no se escribió nada.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="206"/>
        <source>The worker&apos;s result has no area polygon (aoi_wkt); nothing was written.</source>
        <translation>El resultado del proceso de cálculo no tiene polígono de zona (aoi_wkt); no se escribió nada.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="217"/>
        <source>Could not open table {0} of {1}.</source>
        <translation>No se pudo abrir la tabla {0} de {1}.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="228"/>
        <source>Could not add the caption to {0} ({1}): {2}</source>
        <translation>No se pudo añadir la descripción a {0} ({1}): {2}</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/layers/streamed_layers.py" line="179"/>
        <source>Could not add %n feature(s) to the layer {0}.</source>
        <translation>
            <numerusform>No se pudo añadir %n entidad a la capa {0}.</numerusform>
            <numerusform>No se pudieron añadir %n entidades a la capa {0}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="236"/>
        <source>Could not save the layer {0} to {1}: {2}</source>
        <translation>No se pudo guardar la capa {0} en {1}: {2}</translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="241"/>
        <source>Saved {0} to {1} ({2}) but could not reopen it.</source>
        <translation>{0} se guardó en {1} ({2}) pero no se pudo volver a abrir.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="373"/>
        <source>Find heat map – {0}</source>
        <translation>Mapa de calor de Buscar – {0}</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="41"/>
        <source>{0} × {1}</source>
        <translation>{0} × {1}</translation>
    </message>
    <message>
        <location filename="../plugin/worker/launch.py" line="57"/>
        <source>No backend Python is set. Set it in the dock's Model section, or create one with Set-up….</source>
        <translation>No hay ningún Python del motor. Indíquelo en la sección Modelo del panel, o cree uno con Instalación….</translation>
    </message>
    <message>
        <location filename="../plugin/worker/launch.py" line="59"/>
        <source>The backend Python {0} does not exist. Create the backend environment (Set-up… in the dock's Model section) or set its Python there.</source>
        <translation>El Python del motor {0} no existe. Cree el entorno del motor (Instalación… en la sección Modelo del panel) o indique allí su Python.</translation>
    </message>
    <message>
        <location filename="../plugin/worker/launch.py" line="64"/>
        <source>The backend Python {0} is not executable.</source>
        <translation>El Python del motor {0} no es ejecutable.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="43"/>
        <source>All project rasters</source>
        <translation>Todos los ráster del proyecto</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="44"/>
        <source>Search every raster layer of the project, not only the one chosen above.</source>
        <translation>Buscar en todas las capas ráster del proyecto, no solo en la elegida arriba.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="45"/>
        <source>More like this</source>
        <translation>Más como este</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="46"/>
        <source>The drawn rectangle is the query: draw it around an example; Find ranks the tiles that look like it.</source>
        <translation>El rectángulo dibujado es la consulta: dibújelo alrededor de un ejemplo; Buscar ordena las teselas que se le parecen.</translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="49"/>
        <source>Confirm with the model</source>
        <translation>Confirmar con el modelo</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithm.py" line="36"/>
        <source>Cancelled; %n feature(s) written before.</source>
        <translation>
            <numerusform>Cancelado; %n entidad escrita antes.</numerusform>
            <numerusform>Cancelado; %n entidades escritas antes.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithm.py" line="109"/>
        <source>Run {0} of {1}: {2}</source>
        <translation>Ejecución {0} de {1}: {2}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="22"/>
        <source>Asks the model one question about the area and writes its answer as one feature: the area&apos;s polygon with the answer, the question and the model.</source>
        <translation>Hace una pregunta al modelo sobre la zona y escribe su respuesta como una entidad: el polígono de la zona con la respuesta, la pregunta y el modelo.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="26"/>
        <source>Describes the area tile by tile (one caption per tile), then writes one summary of the whole area that the model writes from an overview image and the tile captions.</source>
        <translation>Describe la zona tesela a tesela (una descripción por tesela) y luego escribe un resumen de toda la zona, que el modelo redacta a partir de una imagen general y de las descripciones de las teselas.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="30"/>
        <source>Finds objects by name (LABELS) or by a referring expression, tile by tile over a raster of any size; boxes are merged across tile edges and written as polygons with label and score.</source>
        <translation>Encuentra objetos por su nombre (LABELS) o por una expresión que designe el objeto, tesela a tesela sobre un ráster de cualquier tamaño; las cajas se fusionan a través de los bordes de las teselas y se escriben como polígonos con etiqueta y puntuación.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="34"/>
        <source>Counts objects (&quot;How many ships?&quot; or LABELS): the boxes counted are the evidence layer, the count per label is one answer feature over the area.</source>
        <translation>Cuenta objetos («¿Cuántos barcos hay?» o LABELS): las cajas contadas son la capa de evidencias y el recuento por etiqueta es una entidad de respuesta sobre la zona.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="38"/>
        <source>Finds the one object a referring expression names and writes its box (or nothing, and says so, when the model finds none).</source>
        <translation>Encuentra el único objeto que designa una expresión y escribe su caja (o nada, y lo indica, cuando el modelo no encuentra ninguno).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="42"/>
        <source>Ranks the tiles of the raster by how well they match a text, with an image-text encoder (no language model needed), and writes the best tiles.</source>
        <translation>Ordena las teselas del ráster según cuánto se ajustan a un texto, con un codificador imagen-texto (sin necesidad de modelo de lenguaje), y escribe las mejores teselas.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="46"/>
        <source>Finds what changed between the raster (before) and the raster of a later date (AFTER), and writes the changed areas as polygons.</source>
        <translation>Encuentra qué cambió entre el ráster (antes) y el ráster de una fecha posterior (AFTER), y escribe las zonas cambiadas como polígonos.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="56"/>
        <source>the raster, a file GDAL reads (GeoTIFF, VRT, JPEG 2000...); its CRS is the output&apos;s</source>
        <translation>el ráster, un archivo que GDAL puede leer (GeoTIFF, VRT, JPEG 2000...); su SRC es el de la salida</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="57"/>
        <source>only this rectangle (any CRS); default: the whole layer</source>
        <translation>solo este rectángulo (en cualquier SRC); por defecto: toda la capa</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="58"/>
        <source>polygons to work in; features found are cut to them</source>
        <translation>los polígonos donde trabajar; las entidades encontradas se recortan a ellos</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="59"/>
        <source>with several AOI polygons: one run per polygon, or one run over their union</source>
        <translation>con varios polígonos de zona de interés: una ejecución por polígono, o una ejecución sobre su unión</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="60"/>
        <source>the question (or, to describe an area, your own instruction)</source>
        <translation>la pregunta (o, para describir una zona, su propia instrucción)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="61"/>
        <source>a referring expression, e.g. &quot;the large white building next to the pool&quot;</source>
        <translation>una expresión que designe el objeto, p. ej. «el gran edificio blanco junto a la piscina»</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="62"/>
        <source>object names, comma separated, e.g. &quot;ship, storage tank&quot; (win over an expression)</source>
        <translation>nombres de objetos, separados por comas, p. ej. «barco, depósito» (tienen prioridad sobre una expresión)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="63"/>
        <source>a Hugging Face id (Qwen/Qwen2.5-VL-3B-Instruct), a local model folder, or the model name a server serves</source>
        <translation>un identificador de Hugging Face (Qwen/Qwen2.5-VL-3B-Instruct), una carpeta de modelo local, o el nombre del modelo que ofrece un servidor</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="66"/>
        <source>how the model is prompted and its coordinates read; inferred from the model when not set</source>
        <translation>cómo se formulan las instrucciones al modelo y se leen sus coordenadas; se deduce del modelo si no se indica</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="67"/>
        <source>an OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio), e.g. http://gpu-box:8000/v1; empty: the local model in the plugin&apos;s backend environment</source>
        <translation>un servidor compatible con OpenAI (vLLM, Ollama, llama.cpp, LM Studio), p. ej. http://gpu-box:8000/v1; vacío: el modelo local en el entorno del motor del complemento</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="71"/>
        <source>the NAME of the environment variable that holds the server&apos;s API key (never the key)</source>
        <translation>el NOMBRE de la variable de entorno que contiene la clave de API del servidor (nunca la clave)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="72"/>
        <source>auto (CUDA when there), cuda or cpu, for the local model</source>
        <translation>auto (CUDA si está disponible), cuda o cpu, para el modelo local</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="73"/>
        <source>nf4 (4-bit, default), int8, nf4-all or none, for the local model</source>
        <translation>nf4 (4 bits, por defecto), int8, nf4-all o none, para el modelo local</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="74"/>
        <source>pixels per tile side fed to the model; empty: the family&apos;s input size</source>
        <translation>píxeles por lado de tesela que recibe el modelo; vacío: el tamaño de entrada de la familia</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="75"/>
        <source>share of a tile side that neighbouring tiles overlap (objects cut by an edge are joined)</source>
        <translation>fracción del lado de una tesela en que se solapan las teselas vecinas (los objetos cortados por un borde se unen)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="76"/>
        <source>metres per pixel to resample tiles to; empty: the raster&apos;s own resolution</source>
        <translation>metros por píxel a los que remuestrear las teselas; vacío: la resolución propia del ráster</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="77"/>
        <source>the longest answer the model may write</source>
        <translation>la respuesta más larga que puede escribir el modelo</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="78"/>
        <source>the raster of the later date</source>
        <translation>el ráster de la fecha posterior</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="79"/>
        <source>diff (pixel statistics), onnx (a change model) or vlm (the language model confirms)</source>
        <translation>diff (estadísticas de píxeles), onnx (un modelo de cambio) o vlm (el modelo de lenguaje confirma)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="80"/>
        <source>changes smaller than this many square metres are dropped</source>
        <translation>los cambios menores que este número de metros cuadrados se descartan</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="81"/>
        <source>for method onnx: a change network with inputs before and after, [N, 3, H, W] float32 R, G, B in 0..1, and a change probability [N, 1, H, W] as output</source>
        <translation>para el método onnx: una red de cambio con las entradas before y after, [N, 3, H, W] float32 R, G, B en 0..1, y una probabilidad de cambio [N, 1, H, W] como salida</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="85"/>
        <source>how many of the largest changes the language model describes (before and after side by side)</source>
        <translation>cuántos de los cambios más grandes describe el modelo de lenguaje (antes y después lado a lado)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="86"/>
        <source>how many of the best tiles are kept</source>
        <translation>cuántas de las mejores teselas se conservan</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="87"/>
        <source>ask the language model whether each kept tile really shows it</source>
        <translation>preguntar al modelo de lenguaje si cada tesela conservada lo muestra de verdad</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="88"/>
        <source>the image-text encoder (CLIP or SigLIP): a Hugging Face id, a model folder, or a folder exported to ONNX</source>
        <translation>el codificador imagen-texto (CLIP o SigLIP): un identificador de Hugging Face, una carpeta de modelo, o una carpeta exportada a ONNX</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="91"/>
        <source>the layer written (GeoPackage, Shapefile, GeoJSON, memory...), with the dock&apos;s attributes</source>
        <translation>la capa escrita (GeoPackage, Shapefile, GeoJSON, memoria...), con los atributos del panel</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="123"/>
        <source>Layers written: {0}. The model runs in the plugin&apos;s worker process (its backend environment), as for the dock; Cancel keeps what was found.</source>
        <translation>Capas escritas: {0}. El modelo se ejecuta en el proceso de cálculo del complemento (su entorno de motor), como en el panel; Cancelar conserva lo encontrado.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="68"/>
        <source>one run per feature</source>
        <translation>una ejecución por entidad</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="68"/>
        <source>one run over their union</source>
        <translation>una ejecución sobre su unión</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="72"/>
        <source>(inferred from the model)</source>
        <translation>(deducida del modelo)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="99"/>
        <source>Raster of the later date</source>
        <translation>Ráster de la fecha posterior</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="101"/>
        <source>How change is told</source>
        <translation>Método de detección del cambio</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="102"/>
        <source>Smallest change (m²)</source>
        <translation>Cambio más pequeño (m²)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="105"/>
        <source>Change model (.onnx, for method onnx)</source>
        <translation>Modelo de cambio (.onnx, para el método onnx)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="110"/>
        <source>Largest changes the model describes</source>
        <translation>Cambios más grandes que describe el modelo</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="133"/>
        <source>Best tiles to keep</source>
        <translation>Mejores teselas que conservar</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="136"/>
        <source>Ask the model to confirm each tile</source>
        <translation>Pedir al modelo que confirme cada tesela</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="139"/>
        <source>Image-text encoder (hub id, model folder or exported ONNX folder)</source>
        <translation>Codificador imagen-texto (identificador del hub, carpeta de modelo o carpeta ONNX exportada)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="167"/>
        <source>Raster layer (a file GDAL reads)</source>
        <translation>Capa ráster (un archivo que GDAL puede leer)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="168"/>
        <source>Extent (default: the whole layer)</source>
        <translation>Extensión (por defecto: toda la capa)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="169"/>
        <source>Areas of interest (polygons)</source>
        <translation>Zonas de interés (polígonos)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="172"/>
        <source>With several AOI polygons</source>
        <translation>Con varios polígonos de zona de interés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="188"/>
        <source>Object names, comma separated</source>
        <translation>Nombres de objetos, separados por comas</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="189"/>
        <source>Model (hub id, local folder or served name)</source>
        <translation>Modelo (identificador del hub, carpeta local o nombre ofrecido)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="195"/>
        <source>Model family</source>
        <translation>Familia del modelo</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="204"/>
        <source>OpenAI-compatible server URL (empty: the local model)</source>
        <translation>Dirección del servidor compatible con OpenAI (vacío: el modelo local)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="212"/>
        <source>Environment variable holding the server&apos;s key</source>
        <translation>Variable de entorno que contiene la clave del servidor</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="236"/>
        <source>Tile size in pixels (empty: the family&apos;s)</source>
        <translation>Tamaño de tesela en píxeles (vacío: el de la familia)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="246"/>
        <source>Tile overlap (share of a side)</source>
        <translation>Solapamiento de teselas (fracción de un lado)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="251"/>
        <source>Ground resolution of a tile, m/pixel (empty: the raster&apos;s)</source>
        <translation>Resolución en el terreno de una tesela, m/píxel (vacío: la del ráster)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="260"/>
        <source>Longest answer (tokens)</source>
        <translation>Respuesta más larga (tokens)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="281"/>
        <source>Answer (ask, describe, count, find one)</source>
        <translation>Respuesta (pregunta, descripción, recuento, objeto único)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="282"/>
        <source>Features written</source>
        <translation>Entidades escritas</translation>
    </message>
    <message>
        <location filename="../plugin/processing/provider.py" line="29"/>
        <source>GeoRSMLLM: multimodal language models over rasters</source>
        <translation>GeoRSMLLM: modelos de lenguaje multimodales sobre rásteres</translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="87"/>
        <source>the whole raster</source>
        <translation>todo el ráster</translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="89"/>
        <source>the extent</source>
        <translation>la extensión</translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="108"/>
        <source>AOI feature {0} is outside the extent: skipped.</source>
        <translation>La entidad {0} de la zona de interés está fuera de la extensión: se omite.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="112"/>
        <source>No AOI polygon has an area inside the extent.</source>
        <translation>Ningún polígono de zona de interés tiene superficie dentro de la extensión.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/regions.py" line="116"/>
        <source>the union of %n AOI polygon(s)</source>
        <translation>
            <numerusform>la unión de %n polígono de zona de interés</numerusform>
            <numerusform>la unión de %n polígonos de zona de interés</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="117"/>
        <source>AOI feature {0}</source>
        <translation>entidad {0} de la zona de interés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/sinks.py" line="73"/>
        <source>Cannot create the output {0} ({1}).</source>
        <translation>No se puede crear la salida {0} ({1}).</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/sinks.py" line="103"/>
        <source>Could not write %n feature(s) to the {0} output.</source>
        <translation>
            <numerusform>No se pudo escribir %n entidad en la salida {0}.</numerusform>
            <numerusform>No se pudieron escribir %n entidades en la salida {0}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="58"/>
        <source>One run over their union</source>
        <translation>Una ejecución sobre su unión</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="59"/>
        <source>One run per feature</source>
        <translation>Una ejecución por entidad</translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="60"/>
        <source>One run per feature: each selected polygon is a run of its own, its results tagged with the polygon&apos;s feature id (&quot;aoi_fid&quot;), all in one group. Find and Change always run once over the union: Find ranks the best tiles of the whole area, Change compares the two dates over the whole area.</source>
        <translation>Una ejecución por entidad: cada polígono seleccionado se procesa por separado y sus resultados llevan el identificador de su entidad («aoi_fid»), todo en un solo grupo. Buscar y Cambio se ejecutan siempre una sola vez sobre la unión: Buscar clasifica las mejores teselas de toda la extensión y Cambio compara las dos fechas en toda la extensión.</translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="263"/>
        <source>{0} (points)</source>
        <translation>{0} (puntos)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="129"/>
        <source>Parameters:</source>
        <translation>Parámetros:</translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="129"/>
        <source>Example:</source>
        <translation>Ejemplo:</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="63"/>
        <source>What is in this area?</source>
        <translation>¿Qué hay en esta zona?</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="80"/>
        <source>Describe this area.</source>
        <translation>Describa esta zona.</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="67"/>
        <source>the large white building next to the pool</source>
        <translation>el gran edificio blanco junto a la piscina</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="66"/>
        <source>How many ships?</source>
        <translation>¿Cuántos barcos?</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="68"/>
        <source>solar farm</source>
        <translation>planta solar</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="69"/>
        <source>new buildings?</source>
        <translation>¿edificios nuevos?</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="84"/>
        <source>ship, storage tank, building</source>
        <translation>barco, tanque de almacenamiento, edificio</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="90"/>
        <source>Captions</source>
        <translation>Descripciones</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="91"/>
        <source>Area description</source>
        <translation>Descripción de la zona</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="92"/>
        <source>Detections</source>
        <translation>Detecciones</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="93"/>
        <source>Count evidence</source>
        <translation>Evidencias del conteo</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="94"/>
        <source>Count answer</source>
        <translation>Respuesta del conteo</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="95"/>
        <source>Grounding</source>
        <translation>Localización</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="97"/>
        <source>Find boxes</source>
        <translation>Cajas encontradas</translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="98"/>
        <source>Changes</source>
        <translation>Cambios</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="67"/>
        <source>unknown: the model&apos;s answers could not be read for any of the %n tile(s) with data, so the {0} could not be counted</source>
        <translation>
            <numerusform>desconocido: no se pudo leer ninguna respuesta del modelo en %n tesela con datos; por eso no se pudo contar «{0}»</numerusform>
            <numerusform>desconocido: no se pudo leer ninguna respuesta del modelo en %n teselas con datos; por eso no se pudo contar «{0}»</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="77"/>
        <source>at least {0} in the area ({1} of %n tile(s) had an unreadable answer)</source>
        <translation>
            <numerusform>al menos {0} en la zona (respuesta ilegible en {1} de %n tesela)</numerusform>
            <numerusform>al menos {0} en la zona (respuesta ilegible en {1} de %n teselas)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="81"/>
        <source>{0} in the area</source>
        <translation>{0} en la zona</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="84"/>
        <source>{0} (partial: cancelled after {1} of %n tile(s))</source>
        <translation>
            <numerusform>{0} (parcial: cancelado tras {1} de %n tesela)</numerusform>
            <numerusform>{0} (parcial: cancelado tras {1} de %n teselas)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="91"/>
        <source>the model found no {0} in the area</source>
        <translation>el modelo no encontró «{0}» en la zona</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="93"/>
        <source>located {0}</source>
        <translation>localizado: {0}</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="95"/>
        <source> (score {0})</source>
        <translation> (puntuación {0})</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="97"/>
        <source>: best of %n candidate box(es) in {0} tiles</source>
        <translation>
            <numerusform>: la mejor de %n caja candidata en {0} teselas</numerusform>
            <numerusform>: la mejor de %n cajas candidatas en {0} teselas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="105"/>
        <source>No change found between {0} and {1} ({2}).</source>
        <translation>No se encontró ningún cambio entre {0} y {1} ({2}).</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="107"/>
        <source>%n change polygon(s) between {0} and {1}, {2} m² in all ({3})</source>
        <translation>
            <numerusform>%n polígono de cambio entre {0} y {1}, {2} m² en total ({3})</numerusform>
            <numerusform>%n polígonos de cambio entre {0} y {1}, {2} m² en total ({3})</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="110"/>
        <source>; largest {0} m²</source>
        <translation>; el mayor: {0} m²</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="118"/>
        <source>No tile could be scored for &apos;{0}&apos; (all nodata, or cancelled before any was embedded).</source>
        <translation>No se pudo puntuar ninguna tesela para «{0}» (todas sin datos, o cancelado antes del primer embedding).</translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="120"/>
        <source>{0}: {1} (best #{2}, score {3})</source>
        <translation>{0}: {1} (mejor n.º {2}, puntuación {3})</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="126"/>
        <source>Best %n tile(s) for &apos;{0}&apos; in {1} of {2} raster(s): {3}.</source>
        <translation>
            <numerusform>%n mejor tesela para «{0}» en {1} de {2} ráster(es): {3}.</numerusform>
            <numerusform>%n mejores teselas para «{0}» en {1} de {2} ráster(es): {3}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="130"/>
        <source>The VLM said yes to {0} of %n tile(s)</source>
        <translation>
            <numerusform>El VLM respondió sí en {0} de %n tesela</numerusform>
            <numerusform>El VLM respondió sí en {0} de %n teselas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="131"/>
        <source> ({0} unclear).</source>
        <translation> ({0} dudosa(s)).</translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="108"/>
        <source>A job is already running; cancel it or wait.</source>
        <translation>Ya hay una tarea en curso; cancélela o espere.</translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="128"/>
        <source>Run {0} of {1} (feature {2})</source>
        <translation>Ejecución {0} de {1} (entidad {2})</translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="173"/>
        <source>Feature {0}: {1}</source>
        <translation>Entidad {0}: {1}</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/feature_runs.py" line="149"/>
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n ejecución</numerusform>
            <numerusform>%n ejecuciones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/feature_runs.py" line="151"/>
        <source>, %n failed: </source>
        <translation>
            <numerusform>, %n fallida: </numerusform>
            <numerusform>, %n fallidas: </numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="151"/>
        <source>feature {0}: {1}</source>
        <translation>entidad {0}: {1}</translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="155"/>
        <source>, then cancelled at run {0} of {1}</source>
        <translation>, luego cancelado en la ejecución {0} de {1}</translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="152"/>
        <source>the model found no such object in the area</source>
        <translation>el modelo no encontró ningún objeto así en la zona</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="152"/>
        <source>estimating…</source>
        <translation>estimando…</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="292"/>
        <source>Could not write the results to {0}: {1}</source>
        <translation>No se pudieron escribir los resultados en {0}: {1}</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="324"/>
        <source>unknown: {0}</source>
        <translation>desconocida: {0}</translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="366"/>
        <source>torch {0}, transformers {1}, bitsandbytes {2}; devices: {3}</source>
        <translation>torch {0}, transformers {1}, bitsandbytes {2}; dispositivos: {3}</translation>
    </message>
</context>
</TS>
