"""Find: text-to-imagery search with an image-text encoder (CLIP family) run by onnxruntime.

``export`` turns a CLIP/SigLIP checkpoint into two ONNX towers; ``encoder`` runs them;
``index`` caches tile embeddings per (file content, tiling, encoder) in the user cache;
``heatmap`` writes one score GeoTIFF per raster; ``confirm`` asks the VLM about the best tiles;
``project`` reads the raster layers of a QGIS project file without QGIS. The job is
``model_backend.jobs.find``. Nothing here imports qgis.
"""
