package dev.sagaref.console.web;

import dev.sagaref.console.overview.SagaRates;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** Sagas per second, outcomes and latency over the last minutes, as charts drawn in the browser. */
@Controller
class OverviewPage {

    private final SagaRates rates;

    OverviewPage(SagaRates rates) {
        this.rates = rates;
    }

    @GetMapping("/overview")
    String overview() {
        return "overview";
    }

    @GetMapping("/overview/samples")
    @ResponseBody
    List<SagaRates.Sample> samples() {
        return rates.samples();
    }
}
