"""Writers that turn worker results into map layers (captions, detections)."""
