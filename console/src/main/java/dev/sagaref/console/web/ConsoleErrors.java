package dev.sagaref.console.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * What the console answers when a service it calls says no or is not there: problem details naming the service's
 * answer, never a 500 of the console's own. Bad input to the console itself (a malformed id, a missing parameter)
 * gets Spring's problem details ({@code spring.mvc.problemdetails.enabled}).
 */
@RestControllerAdvice
class ConsoleErrors {

    @ExceptionHandler(RestClientResponseException.class)
    ProblemDetail serviceRefused(RestClientResponseException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status != null && status.is4xxClientError() ? status : HttpStatus.BAD_GATEWAY, detailOf(e));
        problem.setTitle("A service of the stack refused the request");
        return problem;
    }

    @ExceptionHandler(ResourceAccessException.class)
    ProblemDetail serviceUnreachable(ResourceAccessException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        problem.setTitle("A service of the stack did not answer");
        return problem;
    }

    /** The {@code detail} of a service's problem details, or its status line where it sent none. */
    static String detailOf(RestClientResponseException e) {
        try {
            ProblemDetail problem = e.getResponseBodyAs(ProblemDetail.class);
            if (problem != null && problem.getDetail() != null) {
                return problem.getDetail();
            }
        } catch (RuntimeException notProblemDetails) {
            // fall back to the status line
        }
        return e.getStatusCode() + " " + e.getStatusText();
    }
}
