import { Construct } from 'constructs';
import { quote, ValidationError } from '../../core';
import { Color } from '../thresholds';
import { hideFromNothing } from './options';
import { QueryPanel, QueryPanelProps } from './panel';

/**
 * Where a geomap marker layer finds each row's location. Maps to the layer's `location`.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/geomap/#location-mode
 */
export class GeomapLocation {
  /** Grafana looks for fields named like latitude/longitude, geohash or a lookup code. */
  public static auto(): GeomapLocation {
    return new GeomapLocation({ mode: 'auto' });
  }

  /** Latitude and longitude from two fields (labels or columns). */
  public static coordinates(latitudeField: string, longitudeField: string): GeomapLocation {
    return new GeomapLocation({ mode: 'coords', latitude: checkField(latitudeField), longitude: checkField(longitudeField) });
  }

  /** A geohash field. */
  public static geohash(field: string): GeomapLocation {
    return new GeomapLocation({ mode: 'geohash', geohash: checkField(field) });
  }

  /**
   * A field looked up in a gazetteer (country codes by default, or a GeoJSON file of named places).
   * @param field the field with the place code
   * @param gazetteer path of the gazetteer, e.g. `public/gazetteer/countries.json`
   */
  public static lookup(field: string, gazetteer?: string): GeomapLocation {
    if (gazetteer !== undefined && typeof gazetteer !== 'string') throw new ValidationError(`geomap location: gazetteer must be a path such as 'public/gazetteer/countries.json'; received ${quote(gazetteer)}`);
    return new GeomapLocation({ mode: 'lookup', lookup: checkField(field), gazetteer });
  }

  private readonly json: { [key: string]: unknown };

  private constructor(json: { [key: string]: unknown }) {
    this.json = json;
  }

  /** @internal */
  public _render(): { [key: string]: unknown } {
    return { ...this.json };
  }
}

/** The initial view of a geomap. */
export interface GeomapView {
  /** Latitude of the centre, -90 to 90. */
  readonly latitude: number;
  /** Longitude of the centre, -180 to 180. */
  readonly longitude: number;
  /**
   * Zoom level, 1 (world) to 18 (street).
   * @default 5
   */
  readonly zoom?: number;
}

/** Properties of a `GeomapPanel`. */
export interface GeomapPanelProps extends QueryPanelProps {
  /**
   * Where each row's location comes from.
   * @default GeomapLocation.auto()
   */
  readonly location?: GeomapLocation;
  /**
   * Initial view.
   * @default - the whole world
   */
  readonly view?: GeomapView;
  /**
   * Marker size in pixels (fixed).
   * @default 5
   */
  readonly markerSize?: number;
  /**
   * Marker colour when no thresholds colour it.
   * @default Color.GREEN
   */
  readonly markerColor?: Color;
}

/**
 * A map (`geomap`) with a marker layer: the successor of the deprecated `grafana-worldmap-panel` plugin.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/geomap/
 */
export class GeomapPanel extends QueryPanel {
  /** `geomap`. */
  public readonly type = 'geomap';
  /** Where each row's location comes from (`location`, default `GeomapLocation.auto()`). */
  public readonly location: GeomapLocation;
  /** The marker size in pixels (`markerSize`, default 5). */
  public readonly markerSize: number;
  /** The marker colour when no thresholds colour it (`markerColor`, default `Color.GREEN`). */
  public readonly markerColor: Color;
  private readonly view?: GeomapView;

  public constructor(scope: Construct, id: string, props: GeomapPanelProps) {
    super(scope, id, props);
    const v = props.view;
    if (v && (!(v.latitude >= -90 && v.latitude <= 90) || !(v.longitude >= -180 && v.longitude <= 180))) {
      throw ValidationError.at(this, `view: latitude must be within -90..90 and longitude within -180..180; received ${v.latitude}, ${v.longitude}`);
    }
    if (v?.zoom !== undefined && !(v.zoom >= 1 && v.zoom <= 18)) {
      throw ValidationError.at(this, `view.zoom: must be from 1 to 18; received ${quote(v.zoom)}`);
    }
    this.location = props.location ?? GeomapLocation.auto();
    this.markerSize = props.markerSize ?? 5;
    this.markerColor = props.markerColor ?? Color.GREEN;
    this.view = v;
  }

  /** @internal */
  protected _custom(): { [key: string]: unknown } {
    return { hideFrom: hideFromNothing() };
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    const v = this.view;
    const view = v
      ? { id: 'coords', lat: v.latitude, lon: v.longitude, zoom: v.zoom ?? 5, allLayers: true }
      : { id: 'zero', lat: 0, lon: 0, zoom: 1, allLayers: true };
    return {
      view,
      controls: { showZoom: true, mouseWheelZoom: true, showAttribution: true },
      basemap: { type: 'default', name: 'Basemap', config: {} },
      layers: [
        {
          type: 'markers',
          name: 'Markers',
          config: {
            showLegend: true,
            style: {
              size: { fixed: this.markerSize, min: 2, max: 15 },
              color: { fixed: this.markerColor.name },
              opacity: 0.4,
              symbol: { mode: 'fixed', fixed: 'img/icons/marker/circle.svg' },
            },
          },
          location: this.location._render(),
          tooltip: true,
        },
      ],
      tooltip: { mode: 'details' },
    };
  }
}

function checkField(field: string): string {
  if (typeof field !== 'string' || field.trim() === '') throw new ValidationError(`geomap location: field name must not be empty; received ${quote(field)}`);
  return field;
}

