/* Discounted cash flows: NPV, the economic internal rate of return (refused when the stream
 * changes sign more than once) and the benefit-cost ratio (ADB 2017, Guidelines for the
 * Economic Analysis of Projects, ch. 5 and appendix 5). */
#include <math.h>
#include <stddef.h>

#include "corridor/appraise.h"

/* The search interval of the EIRR: -99% (a stream that returns 1% of its cost) to 1000%. */
#define IRR_LO -0.99
#define IRR_HI 10.0

double cor_npv(const double *net, size_t n, double rate)
{
    /* Horner in x = 1/(1+r), from the last year: sum net[t] x^t */
    double x = 1.0 / (1.0 + rate), v = 0;
    for (size_t t = n; t-- > 0;)
        v = v * x + net[t];
    return v;
}

cor_eirr_status cor_irr(const double *net, size_t n, double *eirr, int *sign_changes)
{
    int changes = 0, last = 0;
    for (size_t t = 0; t < n; t++) {
        int s = net[t] > 0 ? 1 : net[t] < 0 ? -1 : 0;
        if (s && last && s != last)
            changes++;
        if (s)
            last = s;
    }
    *sign_changes = changes;
    *eirr = NAN;
    if (changes == 0)
        return COR_EIRR_NONE;
    if (changes > 1)
        return COR_EIRR_MULTIPLE;
    /* one sign change: NPV(r) as a polynomial in x = 1/(1+r) has exactly one positive root
     * (Descartes), so it changes sign once over (-1, inf); bisect where it does */
    double lo = IRR_LO, hi = IRR_HI, f_lo = cor_npv(net, n, lo), f_hi = cor_npv(net, n, hi);
    if ((f_lo > 0) == (f_hi > 0) || f_lo == 0 || f_hi == 0) {
        if (f_lo == 0 || f_hi == 0) {
            *eirr = f_lo == 0 ? lo : hi;
            return COR_EIRR_OK;
        }
        return COR_EIRR_OUT_OF_RANGE;
    }
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break; /* adjacent doubles: as close as the arithmetic allows */
        double f = cor_npv(net, n, mid);
        if (f == 0) {
            lo = hi = mid;
            break;
        }
        if ((f > 0) == (f_lo > 0)) {
            lo = mid;
            f_lo = f;
        } else {
            hi = mid;
        }
    }
    *eirr = 0.5 * (lo + hi);
    return COR_EIRR_OK;
}

void cor_cashflow_eval(const double *benefits, const double *costs, size_t n, double rate,
                       cor_cashflow *out)
{
    out->pv_benefits_usd = cor_npv(benefits, n, rate);
    out->pv_costs_usd = cor_npv(costs, n, rate);
    out->npv_usd = out->pv_benefits_usd - out->pv_costs_usd;
    out->bcr = out->pv_costs_usd > 0 ? out->pv_benefits_usd / out->pv_costs_usd : NAN;
    double net[COR_PROJECT_MAX_YEARS];
    size_t m = n < COR_PROJECT_MAX_YEARS ? n : COR_PROJECT_MAX_YEARS;
    for (size_t t = 0; t < m; t++)
        net[t] = benefits[t] - costs[t];
    out->eirr_status = cor_irr(net, m, &out->eirr, &out->sign_changes);
}
