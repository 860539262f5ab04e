"""Vector output writers (GeoPackage, Shapefile, GeoJSON, FlatGeobuf) built on pyogrio."""
