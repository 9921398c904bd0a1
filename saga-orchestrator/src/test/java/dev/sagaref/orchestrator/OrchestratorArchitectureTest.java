package dev.sagaref.orchestrator;

import dev.sagaref.testsupport.ServiceArchitectureContract;

class OrchestratorArchitectureTest extends ServiceArchitectureContract {

    OrchestratorArchitectureTest() {
        super("dev.sagaref.orchestrator");
    }
}
