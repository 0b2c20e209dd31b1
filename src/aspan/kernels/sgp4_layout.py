"""Column layout of the SGP4 parameter array, and the model's fixed constants.

`aspan.kernels.sgp4_init.sgp4_init` returns a float64 array of shape (n, N_PARAMS); each row
holds every per-object quantity the propagator needs (Vallado et al. 2006, "Revisiting
Spacetrack Report #3", AIAA 2006-6753, sections on sgp4init/initl/dscom/dsinit). The names
below follow the paper's variable names. Integers are module constants, so numba folds them.
"""

import math

import numpy as np
from numba import njit

# gravity models and operation modes (python-sgp4 / Vallado conventions)
WGS72OLD = 2
WGS72 = 0
WGS84 = 1
IMPROVED = 0  # opsmode 'i'
AFSPC = 1  # opsmode 'a'

TWOPI = 2.0 * math.pi
X2O3 = 2.0 / 3.0

# --- identity, flags, epoch ---------------------------------------------------------------
P_EPOCH_JD = 0  # UTC Julian date, whole part of the epoch
P_EPOCH_FR = 1  # fraction
P_INIT_ERR = 2  # error code sgp4init reports (propagation at tsince = 0)
P_DEEP = 3  # 1.0 for SDP4 (period >= 225 min), else 0.0
P_ISIMP = 4  # 1.0 for the simplified drag model (perigee < 220 km or deep space)
P_OPSMODE = 5  # IMPROVED or AFSPC
P_IREZ = 6  # resonance: 0 none, 1 one-day (24 h), 2 half-day (12 h)
# --- gravity constants ---------------------------------------------------------------------
P_XKE = 7
P_J2 = 8
P_J3OJ2 = 9
P_RADIUS = 10  # radiusearthkm
P_VKMPERSEC = 11
# --- mean elements at epoch ------------------------------------------------------------------
P_NO = 12  # no_unkozai, rad/min
P_ECCO = 13
P_INCLO = 14
P_NODEO = 15
P_ARGPO = 16
P_MO = 17
P_BSTAR = 18
# --- secular rates and drag coefficients -------------------------------------------------------
P_MDOT = 19
P_ARGPDOT = 20
P_NODEDOT = 21
P_NODECF = 22
P_CC1 = 23
P_CC4 = 24
P_CC5 = 25
P_T2COF = 26
P_T3COF = 27
P_T4COF = 28
P_T5COF = 29
P_D2 = 30
P_D3 = 31
P_D4 = 32
P_OMGCOF = 33
P_XMCOF = 34
P_ETA = 35
P_DELMO = 36
P_SINMAO = 37
P_AO = 38  # (xke / no_unkozai) ** (2/3), the reference's am before the drag factor
# --- long- and short-period coefficients -----------------------------------------------------
P_AYCOF = 39
P_XLCOF = 40
P_CON41 = 41
P_X1MTH2 = 42
P_X7THM1 = 43
P_SINIO = 44
P_COSIO = 45
# --- deep space: sidereal time, secular rates, resonance --------------------------------------
P_GSTO = 46
P_DEDT = 47
P_DIDT = 48
P_DMDT = 49
P_DNODT = 50
P_DOMDT = 51
P_DEL1 = 52
P_DEL2 = 53
P_DEL3 = 54
P_XFACT = 55
P_XLAMO = 56
P_D2201 = 57
P_D2211 = 58
P_D3210 = 59
P_D3222 = 60
P_D4410 = 61
P_D4422 = 62
P_D5220 = 63
P_D5232 = 64
P_D5421 = 65
P_D5433 = 66
# --- deep space: lunar-solar periodic coefficients (dscom) -------------------------------------
P_E3 = 67
P_EE2 = 68
P_SE2 = 69
P_SE3 = 70
P_SGH2 = 71
P_SGH3 = 72
P_SGH4 = 73
P_SH2 = 74
P_SH3 = 75
P_SI2 = 76
P_SI3 = 77
P_SL2 = 78
P_SL3 = 79
P_SL4 = 80
P_XGH2 = 81
P_XGH3 = 82
P_XGH4 = 83
P_XH2 = 84
P_XH3 = 85
P_XI2 = 86
P_XI3 = 87
P_XL2 = 88
P_XL3 = 89
P_XL4 = 90
P_ZMOL = 91
P_ZMOS = 92
N_PARAMS = 93


@njit(cache=True, inline="always")
def fmod(x, y):
    """C fmod (result has the sign of x), which numba's math module lacks; LLVM frem."""
    return np.fmod(x, y)
