"""Small stacks shared by the drift-diffusion tests."""

from __future__ import annotations

from peled.device.stack import stack_from_mapping


def layer(name, thickness_nm, ea, ie, *, eps_r=10.0, dos=1e25, mu=1e-4, **extra):
    """An electrical layer mapping (energies in eV below vacuum)."""
    return {"name": name, "thickness_nm": thickness_nm, "eps_r": eps_r,
            "electron_affinity_ev": ea, "ionisation_energy_ev": ie, "nc_per_m3": dos,
            "nv_per_m3": dos, "mu_n_m2_vs": mu, "mu_p_m2_vs": mu, **extra}


def make_stack(layers, wf_left, wf_right, **top):
    """A validated Stack from layer mappings and contact work functions."""
    contacts = {"left_work_function_ev": wf_left, "right_work_function_ev": wf_right}
    contacts.update(top.pop("contacts", {}))
    return stack_from_mapping({"layer": layers, "contacts": contacts, **top})


def pin_stack(emitter_extra, **top):
    """HTL / emitter / ETL with symmetric band offsets and selective ohmic-like contacts."""
    return make_stack([
        layer("HTL", 30, 2.5, 5.5),
        layer("EML", 50, 3.5, 5.5, **emitter_extra),
        layer("ETL", 30, 3.5, 6.5),
    ], 5.4, 3.6, **top)
