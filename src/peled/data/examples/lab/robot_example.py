import json, math, sys
request = json.load(sys.stdin)  # {"batch": N, "experiments": [{"id": ..., "parameters": {...}}]}
results = []
for exp in request["experiments"]:
    x = exp["parameters"]["iodide_fraction"]  # replace with: robot.make(...); spectrometer.read()
    peak, height = 518 + 120 * x, 1000 * (1 - x)
    wl = [400 + 0.5 * i for i in range(601)]
    counts = [height * math.exp(-4 * math.log(2) * ((w - peak) / 20) ** 2) for w in wl]
    results.append({"id": exp["id"], "spectrum": {"wavelength_nm": wl, "counts": counts},
                    "absorbance": 0.5, "excitation_photons": 4e4})
print(json.dumps({"results": results}))
