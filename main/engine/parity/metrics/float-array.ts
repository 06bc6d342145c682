/** The element arrays the metrics read: model outputs as float (the caller converts other dtypes). */
export type FloatArray = Float32Array | Float64Array;
