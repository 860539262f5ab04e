<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>GeoRSMLLM</name>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="43"/>
        <source>Area of interest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="45"/>
        <source>Current map extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="46"/>
        <source>Draw rectangle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="47"/>
        <source>Draw polygon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="48"/>
        <source>Selected features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="49"/>
        <source>Whole layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="52"/>
        <source>Draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="51"/>
        <source>Drag a rectangle on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="53"/>
        <source>Click the corners on the map; right-click closes the polygon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="56"/>
        <source>The polygon layer whose selected features make the area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="83"/>
        <source>Web layer resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="88"/>
        <source> m/pixel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="89"/>
        <source>XYZ, WMS and other web layers are rendered for the area at this ground resolution before the model reads them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/dock/dock_widget.py" line="56"/>
        <source>%n feature(s) found</source>
        <translation>
            <numerusform>%n feature found</numerusform>
            <numerusform>%n features found</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_choice.py" line="29"/>
        <source>Area: {0} × {1} {2} ({3}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="101"/>
        <source>custom CRS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="89"/>
        <source>Pick a raster layer and an area, then press Run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="105"/>
        <source>Raster layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="120"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="88"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="122"/>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="123"/>
        <source>Forget the earlier questions about this area; the next question starts over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="124"/>
        <source>Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="125"/>
        <source>Save the last result layer as GeoPackage, Shapefile, GeoJSON or FlatGeobuf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="137"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="138"/>
        <source>What the worker wrote while this run went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="145"/>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="147"/>
        <source>The model&apos;s answer appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_choice.py" line="87"/>
        <source>Drag a rectangle on the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_choice.py" line="93"/>
        <source>Click the corners of the area on the map; right-click closes the polygon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="248"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/progress_view.py" line="48"/>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/dock/progress_view.py" line="82"/>
        <source>{0}: %v of %n tile(s)</source>
        <translation>
            <numerusform>{0}: %v of %n tile</numerusform>
            <numerusform>{0}: %v of %n tiles</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="290"/>
        <source>GeoRSMLLM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/dock_widget.py" line="293"/>
        <source>The worker wrote nothing for this run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="77"/>
        <source>GeoRSMLLM models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="85"/>
        <source>Choose a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="88"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="122"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="98"/>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="88"/>
        <source>Memory (4-bit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="96"/>
        <source>Or any other Hugging Face id, e.g. Qwen/Qwen2.5-VL-7B-Instruct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="97"/>
        <source>Estimate memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="101"/>
        <source>Use this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="119"/>
        <source>Downloaded models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="122"/>
        <source>Size on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="128"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="129"/>
        <source>Delete from cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="157"/>
        <source>GeoRSMLLM: models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="216"/>
        <source>about {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="205"/>
        <source>Estimating the memory of {model}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="217"/>
        <source>{model}: {size} of GPU memory for the weights in 4-bit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="231"/>
        <source>Downloading {model}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="245"/>
        <source>Downloading: {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="257"/>
        <source>The download is incomplete, missing: {files}. Download again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="263"/>
        <source>{model} is downloaded and complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="288"/>
        <source>{model} deleted, {size} freed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="46"/>
        <source>the URL must start with http:// or https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="68"/>
        <source>the server refused the API key (HTTP {code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="69"/>
        <source>the server answered HTTP {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="73"/>
        <source>no answer ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="97"/>
        <source>Server reachable, {n} model(s) served.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="99"/>
        <source>Server not reachable at {url}: {why}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="104"/>
        <source>The server does not serve {model}; it serves: {models}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="113"/>
        <source>{model} is served.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="131"/>
        <source>One tile answered: “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="133"/>
        <source>The one-tile test failed: {why}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="143"/>
        <source>GeoRSMLLM: checking the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="171"/>
        <source>The model the server serves; List asks the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="172"/>
        <source>List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="178"/>
        <source>Server model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="180"/>
        <source>Or keep the key in QGIS&apos;s password manager (encrypted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="181"/>
        <source>API key (QGIS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="182"/>
        <source>Check server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/server_settings.py" line="211"/>
        <source>Enter the server URL first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="197"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="40"/>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="43"/>
        <source>Object names, separated by commas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="44"/>
        <source>Objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/task_group.py" line="98"/>
        <source>The chosen model cannot do this task.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="42"/>
        <source>The area of interest has no valid coordinate reference system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="54"/>
        <source>Pick a raster layer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="56"/>
        <source>The layer &quot;{0}&quot; is not a raster layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="58"/>
        <source>The layer &quot;{0}&quot; is not valid (its source cannot be read).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="64"/>
        <source>The layer &quot;{0}&quot; is not a file-based raster (provider: {1}). Choose a ground resolution for web layers in the dock, or save the layer as a GeoTIFF (right-click &gt; Export &gt; Save As).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="80"/>
        <source>Select one or more polygons of the chosen polygon layer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="81"/>
        <source>Draw a polygon on the map first (press &quot;Draw&quot;; right-click closes it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="83"/>
        <source>The polygon has no coordinate reference system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="108"/>
        <source>The map extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="111"/>
        <source>Draw a rectangle on the map first (press &quot;Draw&quot; next to &quot;Draw rectangle&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="112"/>
        <source>The drawn rectangle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="114"/>
        <source>Unknown area-of-interest choice {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="116"/>
        <source>{0} is empty: choose an area with a width and a height.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="118"/>
        <source>{0} has no coordinate reference system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="131"/>
        <source>Unknown task {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="153"/>
        <source>Pick the after raster layer (the later date) for Change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="156"/>
        <source>The before and the after raster are the same file: pick the later date as after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="158"/>
        <source>Unknown change method {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="161"/>
        <source>Method ONNX needs the change model file (.onnx).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="200"/>
        <source>The layer &quot;{0}&quot; is a web layer without edges: choose the map extent, a rectangle or a polygon as the area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="216"/>
        <source>Set a model (a Hugging Face id or a local folder) in the Model section.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/job_from_qgis.py" line="218"/>
        <source>Set the server address (e.g. http://gpu-server:8000/v1) in the Model section.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="59"/>
        <source>Ask a multimodal model about an area of a raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="72"/>
        <source>The ground resolution must be above 0 m per pixel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="74"/>
        <source>Choose an area (map extent, rectangle or polygon): a web layer has no edges to use as a whole layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="83"/>
        <source>The area of interest is outside the layer &quot;{0}&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="89"/>
        <source>At {0} m per pixel this area is {1} × {2} pixels: choose a coarser resolution or a smaller area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="97"/>
        <source>The layer &quot;{0}&quot; cannot be read for rendering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/render_layer.py" line="104"/>
        <source>Rendering the layer &quot;{0}&quot; failed (writer error {1}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="42"/>
        <source>Checking the Python</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="71"/>
        <source>CUDA: yes, {gpu}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="73"/>
        <source>, {free:.1f} GiB free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="76"/>
        <source>CUDA: no, models run on the CPU (slow).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/python_check.py" line="79"/>
        <source>Missing: {names}. This Python cannot run the backend; create the environment above instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="67"/>
        <source>GeoRSMLLM set-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="76"/>
        <source>Create the backend environment (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="84"/>
        <source>The folder the environment is created in (in your QGIS profile).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="87"/>
        <source>Create environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="96"/>
        <source>Not started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="105"/>
        <source>Or use an existing Python</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="109"/>
        <source>Path of a Python that has torch, transformers and rasterio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="112"/>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="117"/>
        <source>Not checked yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="134"/>
        <source>macOS: torch from PyPI (no CUDA on macOS; the CPU runs the models).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="136"/>
        <source>NVIDIA GPU found (driver supports CUDA {major}.{minor}): torch for CUDA ({wheel}) will be installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="139"/>
        <source>No NVIDIA GPU found: the CPU build of torch will be installed (models run slowly on the CPU).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="151"/>
        <source>Choose a folder for the environment first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="164"/>
        <source>GeoRSMLLM: creating the backend environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="185"/>
        <source>The backend environment is ready: {python}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="195"/>
        <source>This file does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="198"/>
        <source>GeoRSMLLM: checking a Python</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="209"/>
        <source>This Python cannot run the backend: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="216"/>
        <source>Backend Python</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="17"/>
        <source>Ask a question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="18"/>
        <source>Describe the area (tile by tile)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="19"/>
        <source>Detect objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="20"/>
        <source>Count objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="21"/>
        <source>Find one object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="96"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="23"/>
        <source>Change between two dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="32"/>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="30"/>
        <source>Instruction (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="31"/>
        <source>…or a referring expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="33"/>
        <source>Referring expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="34"/>
        <source>What to look for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="35"/>
        <source>Question (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="41"/>
        <source>Type a question first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="42"/>
        <source>Type the objects to detect (e.g. &quot;ship, storage tank&quot;) or a referring expression.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="43"/>
        <source>Type what to count (e.g. &quot;ship&quot;) or a question such as &quot;How many ships?&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="44"/>
        <source>Describe the object to find (e.g. &quot;the large white building next to the pool&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="45"/>
        <source>Type what to look for (e.g. &quot;solar farm&quot;), or draw a query rectangle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="61"/>
        <source>Internal error in the plugin: {0}: {1} (details in the GeoRSMLLM log).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="172"/>
        <source>Asking {0} ({1})…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="196"/>
        <source>New conversation: the next question about this area starts over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="205"/>
        <source>Save the result layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="216"/>
        <source>No result layer to save: it was removed from the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/controller.py" line="223"/>
        <source>Saved %n feature(s) to {0}.</source>
        <translation>
            <numerusform>Saved %n feature to {0}.</numerusform>
            <numerusform>Saved %n features to {0}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="224"/>
        <source>Saved to {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="341"/>
        <source>Cancelled. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/controller.py" line="310"/>
        <source> (%n warning(s), see the log)</source>
        <translation>
            <numerusform> (%n warning, see the log)</numerusform>
            <numerusform> (%n warnings, see the log)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="314"/>
        <source>Done. The answer was added to the layer &quot;{0}&quot;{1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="315"/>
        <source>Answer added to &quot;{0}&quot; ({1}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="331"/>
        <source>The job failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="357"/>
        <source>The worker is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="76"/>
        <source>Models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="77"/>
        <source>Choose, download or delete models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="129"/>
        <source>Set-up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="130"/>
        <source>Create the backend environment, or choose an existing Python</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/dialogs.py" line="41"/>
        <source>The backend is not set up yet: models cannot run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/dialogs.py" line="42"/>
        <source>Set up now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="88"/>
        <source>Nothing found in &quot;{0}&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="90"/>
        <source>{0} in &quot;{1}&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="107"/>
        <source> after {0} of %n tile(s)</source>
        <translation>
            <numerusform> after {0} of %n tile</numerusform>
            <numerusform> after {0} of %n tiles</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="112"/>
        <source>Cancelled{0}. Nothing was found before the cancel; no layer was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="126"/>
        <source> Saved in {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="128"/>
        <source> They are kept in memory only: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="131"/>
        <source> in &quot;{0}&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="133"/>
        <source>{0} The %n feature(s) found before are kept{1}.{2}</source>
        <translation>
            <numerusform>{0} The %n feature found before is kept{1}.{2}</numerusform>
            <numerusform>{0} The %n features found before are kept{1}.{2}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="142"/>
        <source>Cancelled{0}. The %n feature(s) found so far are kept{1}.{2}</source>
        <translation>
            <numerusform>Cancelled{0}. The %n feature found so far is kept{1}.{2}</numerusform>
            <numerusform>Cancelled{0}. The %n features found so far are kept{1}.{2}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="153"/>
        <source>{0} %n feature(s){1}.{2}</source>
        <translation>
            <numerusform>{0} %n feature{1}.{2}</numerusform>
            <numerusform>{0} %n features{1}.{2}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="157"/>
        <source> %n tile(s) had an unreadable answer (see the log).</source>
        <translation>
            <numerusform> %n tile had an unreadable answer (see the log).</numerusform>
            <numerusform> %n tiles had an unreadable answer (see the log).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/streamed_job.py" line="158"/>
        <source>Done. %n feature(s){0}.{1}{2}</source>
        <translation>
            <numerusform>Done. %n feature{0}.{1}{2}</numerusform>
            <numerusform>Done. %n features{0}.{1}{2}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="109"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_manager.py" line="185"/>
        <source>(Estimate memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/dock/progress_view.py" line="61"/>
        <source> · {0} of %n token(s)</source>
        <translation>
            <numerusform> · {0} of %n token</numerusform>
            <numerusform> · {0} of %n tokens</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/progress_view.py" line="88"/>
        <source>{0} elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/progress_view.py" line="90"/>
        <source> · about {0} left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="60"/>
        <source>No backend can run the models yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="60"/>
        <source>Set up the backend…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="66"/>
        <source>no model chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="68"/>
        <source>Runs {0} on the server {1}; nothing is downloaded here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="68"/>
        <source>(no address yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="71"/>
        <source>Runs {0} on this computer ({1}, {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="74"/>
        <source>; the model is read from its folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="76"/>
        <source>; the first run downloads about {0} GB (kept for later runs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/run_summary.py" line="77"/>
        <source>; the first run downloads the model (kept for later runs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="28"/>
        <source>4-bit quantization (nf4) in the Model section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="29"/>
        <source>a smaller model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="30"/>
        <source>a smaller area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="32"/>
        <source>the CPU device (slower, uses the computer&apos;s memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="33"/>
        <source>Try {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="33"/>
        <source>, or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="43"/>
        <source>The model ran out of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="50"/>
        <source>The server engine does not run the model here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="52"/>
        <source>the model in the Model section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="53"/>
        <source>the server address (Model section)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="54"/>
        <source>the model (Model section)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="55"/>
        <source>(Set-up… in the dock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock_words.py" line="56"/>
        <source>the Set-up page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/setup_page.py" line="156"/>
        <source>Only {free:.1f} GB are free on that disk; the environment needs about {need:.0f} GB. Free some space or choose a folder on another disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="29"/>
        <source>The disk is full: free some space (torch alone needs about 3 GB) and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="31"/>
        <source>The packages could not be downloaded: this computer cannot reach the package index. Check the network or proxy and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="36"/>
        <source>pip failed: {errors}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="37"/>
        <source>The step failed with exit status {code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/setup/venv_task.py" line="109"/>
        <source>The set-up stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="22"/>
        <source>Pixel difference (no model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="22"/>
        <source>ONNX change model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="22"/>
        <source>Pixel difference, checked by the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="40"/>
        <source>The later date. The raster layer at the top of the dock is the before date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="41"/>
        <source>After raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="45"/>
        <source>Pixel difference: change vector analysis after a radiometric normalisation, no model. ONNX: your change network. Checked by the model: the model drops tiles where nothing really changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="51"/>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="52"/>
        <source>ONNX model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="54"/>
        <source>ONNX models (*.onnx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="60"/>
        <source>9 pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="61"/>
        <source>Smaller changes are dropped (0: nine pixels of the rasters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="62"/>
        <source>Minimum area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="66"/>
        <source>The model says what changed in this many of the largest changes (0: none).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/change_inputs.py" line="67"/>
        <source>Describe largest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="32"/>
        <source>How many best-matching tiles the Find layer keeps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="33"/>
        <source>Best tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="35"/>
        <source>Image-text encoder: a CLIP or SigLIP Hugging Face id or folder (exported to ONNX on first use), or an exported ONNX folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="41"/>
        <source>Encoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="50"/>
        <source>Ask the model of the Model section about each best tile (&quot;Is there a … in this image?&quot;) and locate it where it says yes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="90"/>
        <source>Draw a rectangle around an example first (&quot;Draw&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="46"/>
        <source>Local model (transformers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="47"/>
        <source>OpenAI-compatible server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="48"/>
        <source>Run the model on this computer, or ask a server (vLLM, Ollama, llama.cpp, LM Studio) that serves it to the whole team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="54"/>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="57"/>
        <source>Base URL of the OpenAI-compatible API (ends in /v1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="58"/>
        <source>Server URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="60"/>
        <source>e.g. OPENAI_API_KEY (empty: no key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="61"/>
        <source>Name of the environment variable that holds the server&apos;s API key. The key itself is never stored in the settings or the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="67"/>
        <source>API key variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="219"/>
        <source>A Hugging Face model id (downloaded to the cache on first use) or a local folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="74"/>
        <source>Choose a local model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="83"/>
        <source>automatic (from the model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="86"/>
        <source>Decides the prompts and how boxes are read from answers; automatic reads the model&apos;s config or name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="92"/>
        <source>auto: the GPU (CUDA) when there is one, else the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="220"/>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="96"/>
        <source>nf4: the language model in 4-bit, the vision tower, projector and output head in 16-bit (default); int8: the same with 8-bit; nf4-all: everything 4-bit, for the smallest GPUs, lower image understanding; none: full precision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="228"/>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="107"/>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="110"/>
        <source>Max. answer tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="113"/>
        <source>Tiles per model call. Larger is faster on a big GPU; halved automatically when the GPU runs out of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="119"/>
        <source>Tiles per batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="122"/>
        <source>The Python of the backend environment (torch, transformers, rasterio).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="127"/>
        <source>GeoPackage the Captions layer is written to; empty: beside the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="128"/>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="132"/>
        <source>Check backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="133"/>
        <source>Backend not checked yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="219"/>
        <source>The model name the server serves (GET /v1/models lists them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/model_group.py" line="248"/>
        <source>Model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="59"/>
        <source>Two fields would both be called {0} in a Shapefile; save as GeoPackage instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="75"/>
        <source>Cannot save as {0}: use one of {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="75"/>
        <source>a file without extension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/export.py" line="97"/>
        <source>Could not save {0} to {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="90"/>
        <source>The worker&apos;s result has no valid CRS (crs_wkt); nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="111"/>
        <source>{0} exists but is not a GeoPackage GDAL can open; choose another results file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="146"/>
        <source>Could not create table {0} in {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="190"/>
        <source>The worker&apos;s result holds no answer; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="206"/>
        <source>The worker&apos;s result has no area polygon (aoi_wkt); nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="217"/>
        <source>Could not open table {0} of {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/result_layer.py" line="228"/>
        <source>Could not add the caption to {0} ({1}): {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/layers/streamed_layers.py" line="179"/>
        <source>Could not add %n feature(s) to the layer {0}.</source>
        <translation>
            <numerusform>Could not add %n feature to the layer {0}.</numerusform>
            <numerusform>Could not add %n features to the layer {0}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="236"/>
        <source>Could not save the layer {0} to {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="241"/>
        <source>Saved {0} to {1} ({2}) but could not reopen it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="373"/>
        <source>Find heat map – {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="41"/>
        <source>{0} × {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/worker/launch.py" line="57"/>
        <source>No backend Python is set. Set it in the dock's Model section, or create one with Set-up….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/worker/launch.py" line="59"/>
        <source>The backend Python {0} does not exist. Create the backend environment (Set-up… in the dock's Model section) or set its Python there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/worker/launch.py" line="64"/>
        <source>The backend Python {0} is not executable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="43"/>
        <source>All project rasters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="44"/>
        <source>Search every raster layer of the project, not only the one chosen above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="45"/>
        <source>More like this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="46"/>
        <source>The drawn rectangle is the query: draw it around an example; Find ranks the tiles that look like it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/find_inputs.py" line="49"/>
        <source>Confirm with the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithm.py" line="36"/>
        <source>Cancelled; %n feature(s) written before.</source>
        <translation>
            <numerusform>Cancelled; %n feature written before.</numerusform>
            <numerusform>Cancelled; %n features written before.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithm.py" line="109"/>
        <source>Run {0} of {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="22"/>
        <source>Asks the model one question about the area and writes its answer as one feature: the area&apos;s polygon with the answer, the question and the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="26"/>
        <source>Describes the area tile by tile (one caption per tile), then writes one summary of the whole area that the model writes from an overview image and the tile captions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="30"/>
        <source>Finds objects by name (LABELS) or by a referring expression, tile by tile over a raster of any size; boxes are merged across tile edges and written as polygons with label and score.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="34"/>
        <source>Counts objects (&quot;How many ships?&quot; or LABELS): the boxes counted are the evidence layer, the count per label is one answer feature over the area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="38"/>
        <source>Finds the one object a referring expression names and writes its box (or nothing, and says so, when the model finds none).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="42"/>
        <source>Ranks the tiles of the raster by how well they match a text, with an image-text encoder (no language model needed), and writes the best tiles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="46"/>
        <source>Finds what changed between the raster (before) and the raster of a later date (AFTER), and writes the changed areas as polygons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="56"/>
        <source>the raster, a file GDAL reads (GeoTIFF, VRT, JPEG 2000...); its CRS is the output&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="57"/>
        <source>only this rectangle (any CRS); default: the whole layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="58"/>
        <source>polygons to work in; features found are cut to them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="59"/>
        <source>with several AOI polygons: one run per polygon, or one run over their union</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="60"/>
        <source>the question (or, to describe an area, your own instruction)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="61"/>
        <source>a referring expression, e.g. &quot;the large white building next to the pool&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="62"/>
        <source>object names, comma separated, e.g. &quot;ship, storage tank&quot; (win over an expression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="63"/>
        <source>a Hugging Face id (Qwen/Qwen2.5-VL-3B-Instruct), a local model folder, or the model name a server serves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="66"/>
        <source>how the model is prompted and its coordinates read; inferred from the model when not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="67"/>
        <source>an OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio), e.g. http://gpu-box:8000/v1; empty: the local model in the plugin&apos;s backend environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="71"/>
        <source>the NAME of the environment variable that holds the server&apos;s API key (never the key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="72"/>
        <source>auto (CUDA when there), cuda or cpu, for the local model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="73"/>
        <source>nf4 (4-bit, default), int8, nf4-all or none, for the local model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="74"/>
        <source>pixels per tile side fed to the model; empty: the family&apos;s input size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="75"/>
        <source>share of a tile side that neighbouring tiles overlap (objects cut by an edge are joined)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="76"/>
        <source>metres per pixel to resample tiles to; empty: the raster&apos;s own resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="77"/>
        <source>the longest answer the model may write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="78"/>
        <source>the raster of the later date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="79"/>
        <source>diff (pixel statistics), onnx (a change model) or vlm (the language model confirms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="80"/>
        <source>changes smaller than this many square metres are dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="81"/>
        <source>for method onnx: a change network with inputs before and after, [N, 3, H, W] float32 R, G, B in 0..1, and a change probability [N, 1, H, W] as output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="85"/>
        <source>how many of the largest changes the language model describes (before and after side by side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="86"/>
        <source>how many of the best tiles are kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="87"/>
        <source>ask the language model whether each kept tile really shows it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="88"/>
        <source>the image-text encoder (CLIP or SigLIP): a Hugging Face id, a model folder, or a folder exported to ONNX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="91"/>
        <source>the layer written (GeoPackage, Shapefile, GeoJSON, memory...), with the dock&apos;s attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="123"/>
        <source>Layers written: {0}. The model runs in the plugin&apos;s worker process (its backend environment), as for the dock; Cancel keeps what was found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="68"/>
        <source>one run per feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="68"/>
        <source>one run over their union</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="72"/>
        <source>(inferred from the model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="99"/>
        <source>Raster of the later date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="101"/>
        <source>How change is told</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="102"/>
        <source>Smallest change (m²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="105"/>
        <source>Change model (.onnx, for method onnx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="110"/>
        <source>Largest changes the model describes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="133"/>
        <source>Best tiles to keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="136"/>
        <source>Ask the model to confirm each tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="139"/>
        <source>Image-text encoder (hub id, model folder or exported ONNX folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="167"/>
        <source>Raster layer (a file GDAL reads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="168"/>
        <source>Extent (default: the whole layer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="169"/>
        <source>Areas of interest (polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="172"/>
        <source>With several AOI polygons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="188"/>
        <source>Object names, comma separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="189"/>
        <source>Model (hub id, local folder or served name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="195"/>
        <source>Model family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="204"/>
        <source>OpenAI-compatible server URL (empty: the local model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="212"/>
        <source>Environment variable holding the server&apos;s key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="236"/>
        <source>Tile size in pixels (empty: the family&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="246"/>
        <source>Tile overlap (share of a side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="251"/>
        <source>Ground resolution of a tile, m/pixel (empty: the raster&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="260"/>
        <source>Longest answer (tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="281"/>
        <source>Answer (ask, describe, count, find one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/params.py" line="282"/>
        <source>Features written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/provider.py" line="29"/>
        <source>GeoRSMLLM: multimodal language models over rasters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="87"/>
        <source>the whole raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="89"/>
        <source>the extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="108"/>
        <source>AOI feature {0} is outside the extent: skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="112"/>
        <source>No AOI polygon has an area inside the extent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/regions.py" line="116"/>
        <source>the union of %n AOI polygon(s)</source>
        <translation>
            <numerusform>the union of %n AOI polygon</numerusform>
            <numerusform>the union of %n AOI polygons</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/processing/regions.py" line="117"/>
        <source>AOI feature {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/sinks.py" line="73"/>
        <source>Cannot create the output {0} ({1}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/sinks.py" line="103"/>
        <source>Could not write %n feature(s) to the {0} output.</source>
        <translation>
            <numerusform>Could not write %n feature to the {0} output.</numerusform>
            <numerusform>Could not write %n features to the {0} output.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="58"/>
        <source>One run over their union</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="59"/>
        <source>One run per feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/dock/aoi_group.py" line="60"/>
        <source>One run per feature: each selected polygon is a run of its own, its results tagged with the polygon&apos;s feature id (&quot;aoi_fid&quot;), all in one group. Find and Change always run once over the union: Find ranks the best tiles of the whole area, Change compares the two dates over the whole area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/layers/streamed_layers.py" line="263"/>
        <source>{0} (points)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="129"/>
        <source>Parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/processing/help.py" line="129"/>
        <source>Example:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="63"/>
        <source>What is in this area?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="80"/>
        <source>Describe this area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="67"/>
        <source>the large white building next to the pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="66"/>
        <source>How many ships?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="68"/>
        <source>solar farm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="69"/>
        <source>new buildings?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="84"/>
        <source>ship, storage tank, building</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="90"/>
        <source>Captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="91"/>
        <source>Area description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="92"/>
        <source>Detections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="93"/>
        <source>Count evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="94"/>
        <source>Count answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="95"/>
        <source>Grounding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="97"/>
        <source>Find boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/task_words.py" line="98"/>
        <source>Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="67"/>
        <source>unknown: the model&apos;s answers could not be read for any of the %n tile(s) with data, so the {0} could not be counted</source>
        <translation>
            <numerusform>unknown: the model's answers could not be read for the %n tile with data, so the {0} could not be counted</numerusform>
            <numerusform>unknown: the model's answers could not be read for any of the %n tiles with data, so the {0} could not be counted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="77"/>
        <source>at least {0} in the area ({1} of %n tile(s) had an unreadable answer)</source>
        <translation>
            <numerusform>at least {0} in the area ({1} of %n tile had an unreadable answer)</numerusform>
            <numerusform>at least {0} in the area ({1} of %n tiles had an unreadable answer)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="81"/>
        <source>{0} in the area</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="84"/>
        <source>{0} (partial: cancelled after {1} of %n tile(s))</source>
        <translation>
            <numerusform>{0} (partial: cancelled after {1} of %n tile)</numerusform>
            <numerusform>{0} (partial: cancelled after {1} of %n tiles)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="91"/>
        <source>the model found no {0} in the area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="93"/>
        <source>located {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="95"/>
        <source> (score {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="97"/>
        <source>: best of %n candidate box(es) in {0} tiles</source>
        <translation>
            <numerusform>: best of %n candidate box in {0} tiles</numerusform>
            <numerusform>: best of %n candidate boxes in {0} tiles</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="105"/>
        <source>No change found between {0} and {1} ({2}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="107"/>
        <source>%n change polygon(s) between {0} and {1}, {2} m² in all ({3})</source>
        <translation>
            <numerusform>%n change polygon between {0} and {1}, {2} m² in all ({3})</numerusform>
            <numerusform>%n change polygons between {0} and {1}, {2} m² in all ({3})</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="110"/>
        <source>; largest {0} m²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="118"/>
        <source>No tile could be scored for &apos;{0}&apos; (all nodata, or cancelled before any was embedded).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="120"/>
        <source>{0}: {1} (best #{2}, score {3})</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="126"/>
        <source>Best %n tile(s) for &apos;{0}&apos; in {1} of {2} raster(s): {3}.</source>
        <translation>
            <numerusform>Best tile for '{0}' in {1} of {2} raster(s): {3}.</numerusform>
            <numerusform>Best %n tiles for '{0}' in {1} of {2} raster(s): {3}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/answer_words.py" line="130"/>
        <source>The VLM said yes to {0} of %n tile(s)</source>
        <translation>
            <numerusform>The VLM said yes to {0} of %n tile</numerusform>
            <numerusform>The VLM said yes to {0} of %n tiles</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/answer_words.py" line="131"/>
        <source> ({0} unclear).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="108"/>
        <source>A job is already running; cancel it or wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="128"/>
        <source>Run {0} of {1} (feature {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="173"/>
        <source>Feature {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/feature_runs.py" line="149"/>
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n run</numerusform>
            <numerusform>%n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/feature_runs.py" line="151"/>
        <source>, %n failed: </source>
        <translation>
            <numerusform>, %n failed: </numerusform>
            <numerusform>, %n failed: </numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="151"/>
        <source>feature {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/feature_runs.py" line="155"/>
        <source>, then cancelled at run {0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/streamed_job.py" line="152"/>
        <source>the model found no such object in the area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="152"/>
        <source>estimating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="292"/>
        <source>Could not write the results to {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="324"/>
        <source>unknown: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/controller.py" line="366"/>
        <source>torch {0}, transformers {1}, bitsandbytes {2}; devices: {3}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
